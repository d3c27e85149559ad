// The result of a sync prediction if it ends within a short wait.
import Foundation
import NIOCore
import NIOPosix

/// Lets a sync request wait a little for its prediction without polling and without extra
/// tasks: the executor hands over the snapshot (`finish`) and an event-loop timer gives up
/// (`wait` returns nil), whichever comes first. A `finish` before the `wait` is kept.
final class EarlyResult: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): all state is guarded by `lock`.
    private let lock = NSLock()
    private var finished: PredictionSnapshot?
    private var waiter: CheckedContinuation<PredictionSnapshot?, Never>?
    private var timer: Scheduled<Void>?
    private var answered = false

    /// Called by the executor with the terminal snapshot.
    func finish(_ snapshot: PredictionSnapshot) {
        let (continuation, pendingTimer): (CheckedContinuation<PredictionSnapshot?, Never>?, Scheduled<Void>?) = lock.withLock {
            guard !answered else { return (nil, nil) }
            guard let waiter else {
                finished = snapshot
                return (nil, nil)
            }
            answered = true
            self.waiter = nil
            defer { timer = nil }
            return (waiter, timer)
        }
        pendingTimer?.cancel()
        continuation?.resume(returning: snapshot)
    }

    /// The snapshot if the prediction ends within `limit`, else nil.
    func wait(upTo limit: TimeAmount) async -> PredictionSnapshot? {
        await withCheckedContinuation { continuation in
            let early: PredictionSnapshot?? = lock.withLock {
                if let finished {
                    answered = true
                    return .some(finished)
                }
                waiter = continuation
                return .none
            }
            if let early {
                continuation.resume(returning: early)
                return
            }
            // On this thread's own loop when it has one: a timer set on another loop wakes it.
            let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
            let scheduled = loop.scheduleTask(in: limit) { [self] in giveUp() }
            lock.withLock { if !answered { timer = scheduled } }
        }
    }

    private func giveUp() {
        let continuation = lock.withLock { () -> CheckedContinuation<PredictionSnapshot?, Never>? in
            guard !answered, let waiter else { return nil }
            answered = true
            self.waiter = nil
            return waiter
        }
        continuation?.resume(returning: nil)
    }
}
