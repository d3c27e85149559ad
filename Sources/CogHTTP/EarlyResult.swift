// The result of a sync prediction if it ends within a short wait.
import NIOCore
import NIOPosix
import Synchronization

/// Lets a sync request wait a little for its prediction without polling and without extra
/// tasks: the executor hands over the snapshot (`finish`) and an event-loop timer gives up
/// (`wait` returns nil), whichever comes first. A `finish` before the `wait` is kept.
final class EarlyResult: Sendable {
    private struct State {
        var finished: PredictionSnapshot?
        var waiter: CheckedContinuation<PredictionSnapshot?, Never>?
        var timer: Scheduled<Void>?
        var answered = false
    }

    private let state = Mutex(State())

    /// Called by the executor with the terminal snapshot.
    func finish(_ snapshot: PredictionSnapshot) {
        let (continuation, pendingTimer): (CheckedContinuation<PredictionSnapshot?, Never>?, Scheduled<Void>?) = state.withLock { state in
            guard !state.answered else { return (nil, nil) }
            guard let waiter = state.waiter else {
                state.finished = snapshot
                return (nil, nil)
            }
            state.answered = true
            state.waiter = nil
            defer { state.timer = nil }
            return (waiter, state.timer)
        }
        pendingTimer?.cancel()
        continuation?.resume(returning: snapshot)
    }

    /// The snapshot if the prediction ends within `limit`, else nil.
    func wait(upTo limit: TimeAmount) async -> PredictionSnapshot? {
        await withCheckedContinuation { continuation in
            let early: PredictionSnapshot?? = state.withLock { state in
                if let finished = state.finished {
                    state.answered = true
                    return .some(finished)
                }
                state.waiter = continuation
                return .none
            }
            if let early {
                continuation.resume(returning: early)
                return
            }
            // On this thread's own loop when it has one: a timer set on another loop wakes it.
            let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
            let scheduled = loop.scheduleTask(in: limit) { [self] in giveUp() }
            state.withLock { state in if !state.answered { state.timer = scheduled } }
        }
    }

    private func giveUp() {
        let continuation = state.withLock { state -> CheckedContinuation<PredictionSnapshot?, Never>? in
            guard !state.answered, let waiter = state.waiter else { return nil }
            state.answered = true
            state.waiter = nil
            return waiter
        }
        continuation?.resume(returning: nil)
    }
}
