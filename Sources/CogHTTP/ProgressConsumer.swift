// Applies a prediction's progress in order, on a task started only when progress arrives.
import CogCore
import Synchronization

/// Feeds progress reported from any thread to one consumer task, in order. The task (and its
/// stream) are made on the first `yield`, so a prediction without progress costs nothing here.
final class ProgressConsumer: Sendable {
    typealias Body = @Sendable (AsyncStream<PredictionProgress>) async -> OutputUploadError?

    private struct State {
        var continuation: AsyncStream<PredictionProgress>.Continuation?
        var task: Task<OutputUploadError?, Never>?
    }

    private let body: Body
    private let state = Mutex(State())

    init(_ body: @escaping Body) { self.body = body }

    func yield(_ progress: PredictionProgress) {
        state.withLock { state in
            if state.continuation == nil {
                let (stream, continuation) = AsyncStream.makeStream(of: PredictionProgress.self)
                state.continuation = continuation
                let body = body
                state.task = Task { await body(stream) }
            }
            state.continuation?.yield(progress)
        }
    }

    /// Ends the stream and waits until everything was applied; the consumer's result.
    func finish() async -> OutputUploadError? {
        let task = state.withLock { state in
            state.continuation?.finish()
            return state.task
        }
        return await task?.value ?? nil
    }
}
