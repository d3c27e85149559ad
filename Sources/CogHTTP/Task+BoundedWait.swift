// Waiting for a task's value for a bounded time, without cancelling the task.
import Foundation

extension Task where Failure == Never, Success: Sendable {
    /// The task's value if it finishes within `limit`, else nil (the task goes on running).
    func value(waitingAtMost limit: Duration) async -> Success? {
        let race = FirstAnswer<Success?>()
        return await withCheckedContinuation { continuation in
            race.arm(continuation)
            let timer = Task<Void, Never> {
                try? await Task<Never, Never>.sleep(for: limit)
                race.answer(nil)
            }
            Task<Void, Never> {
                race.answer(await self.value)
                timer.cancel()
            }
        }
    }
}

/// Resumes a continuation with the first answer it is given; later answers are dropped.
private final class FirstAnswer<Value: Sendable>: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `continuation` is guarded by `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?

    func arm(_ continuation: CheckedContinuation<Value, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    func answer(_ value: Value) {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: value)
    }
}
