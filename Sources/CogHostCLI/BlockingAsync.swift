// Runs a command's async body while the main thread (Python's, for predict) waits for it.
import ArgumentParser
import CogHTTP
import Dispatch

/// The long-running commands are async; their `run()` blocks the main thread until the body
/// ends, then reports a `CommandFailure` as its message and exit code 1.
enum BlockingAsync {
    static func run(_ body: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        // The tasks (and every task they start with async let or a task group, such as
        // Hummingbird's connection handlers) run on the server's event loops: see EventLoopTaskExecutor.
        Task.detached(executorPreference: EventLoopTaskExecutor.shared) {
            do {
                try await body()
            } catch {
                failure = error
            }
            done.signal()
        }
        done.wait()
        if let failure = failure as? CommandFailure {
            StandardStreams.writeError(failure.message)
            throw ExitCode(1)
        }
        if let failure { throw failure }
    }
}
