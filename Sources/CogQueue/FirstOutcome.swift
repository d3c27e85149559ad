// The first of several racing tasks to settle resumes the one waiter; the rest are ignored.
import Synchronization

/// One continuation resumed exactly once, by whichever of `settle`'s callers comes first; then
/// the cleanup given to `onSettle` runs (canceling the losers), at once if it was set late.
final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        /// The winner's value, once there is one.
        var settled: Value?
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func waiting(_ continuation: CheckedContinuation<Value, Never>) {
        let ready = state.withLock { state -> Value? in
            if let settled = state.settled { return settled }
            state.continuation = continuation
            return nil
        }
        if let ready { continuation.resume(returning: ready) }
    }

    func settle(_ value: Value) {
        let (continuation, cleanup) = state.withLock { state -> (CheckedContinuation<Value, Never>?, (@Sendable () -> Void)?) in
            guard state.settled == nil else { return (nil, nil) }
            state.settled = value
            defer { state.continuation = nil }
            return (state.continuation, state.cleanup)
        }
        continuation?.resume(returning: value)
        cleanup?()
    }

    func onSettle(_ cleanup: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.settled != nil { return true }
            state.cleanup = cleanup
            return false
        }
        if runNow { cleanup() }
    }
}
