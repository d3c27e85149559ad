// An action that runs once: when fired, or when its last holder lets it go unfired.
import Synchronization

/// Runs `action` exactly once: at the first `fire()`, or when the object is released without
/// having been fired (so an action tied to a response body still runs if the body never is).
final class OneShot: Sendable {
    private let action: Mutex<(@Sendable () -> Void)?>

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = Mutex(action)
    }

    func fire() {
        let pending = action.withLock { action -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        pending?()
    }

    deinit { fire() }
}
