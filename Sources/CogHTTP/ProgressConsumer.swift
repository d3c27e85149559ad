// Applies a prediction's progress in order, on a task started only when progress arrives.
import CogCore
import Foundation

/// Feeds progress reported from any thread to one consumer task, in order. The task (and its
/// stream) are made on the first `yield`, so a prediction without progress costs nothing here.
final class ProgressConsumer: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `continuation` and `task` are guarded by `lock`.
    typealias Body = @Sendable (AsyncStream<PredictionProgress>) async -> OutputUploadError?

    private let lock = NSLock()
    private let body: Body
    private var continuation: AsyncStream<PredictionProgress>.Continuation?
    private var task: Task<OutputUploadError?, Never>?

    init(_ body: @escaping Body) { self.body = body }

    func yield(_ progress: PredictionProgress) {
        lock.withLock {
            if continuation == nil {
                let (stream, continuation) = AsyncStream.makeStream(of: PredictionProgress.self)
                self.continuation = continuation
                let body = body
                task = Task { await body(stream) }
            }
            continuation?.yield(progress)
        }
    }

    /// Ends the stream and waits until everything was applied; the consumer's result.
    func finish() async -> OutputUploadError? {
        let task = lock.withLock {
            continuation?.finish()
            return self.task
        }
        return await task?.value ?? nil
    }
}
