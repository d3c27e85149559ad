// Starting a WorkerSupervisor over the built binary, as the worker tests need it.
import CogCore
import CogWorker
import Foundation

enum TestSupervisor {
    /// A started supervisor of `reference` in `project` (without the caller's VIRTUAL_ENV, like
    /// every process the tests start); `slots` > 1 runs the worker concurrently.
    static func start(
        project: String, reference: String = "predict.py:Runner", slots: Int = 1, grace: Duration? = nil,
        serverLog: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> WorkerSupervisor {
        var environment = ProcessInfo.processInfo.environment
        environment["VIRTUAL_ENV"] = nil
        var arguments = ["worker", "--project", project, "--predict", reference]
        if slots > 1 { arguments += ["--concurrency", String(slots)] }
        var configuration = WorkerSupervisor.Configuration(
            executable: CogHostProcess.binary, arguments: arguments, environment: environment, slotCount: slots)
        if let grace { configuration.cancelGracePeriod = grace }
        configuration.serverLog = serverLog
        let supervisor = WorkerSupervisor(configuration: configuration)
        await supervisor.start()
        return supervisor
    }

    /// Waits until setup succeeded; throws with the setup logs if it failed.
    static func waitUntilReady(_ supervisor: WorkerSupervisor) async throws {
        for _ in 0..<300 {
            let report = await supervisor.setupReport()
            if report.status == .succeeded { return }
            if report.status == .failed { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: report.logs]) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CocoaError(.executableLoad)
    }
}

/// Runs `body` with a started supervisor (ready first unless `waitUntilReady` is false) and
/// always awaits its `shutdown()` afterwards, also when setup or `body` throws: no worker
/// outlives its test.
func withSupervisor<T>(
    project: String, reference: String = "predict.py:Runner", slots: Int = 1, grace: Duration? = nil,
    serverLog: @escaping @Sendable (String) -> Void = { _ in }, waitUntilReady: Bool = true,
    _ body: (WorkerSupervisor) async throws -> T
) async throws -> T {
    let supervisor = await TestSupervisor.start(project: project, reference: reference, slots: slots, grace: grace, serverLog: serverLog)
    do {
        if waitUntilReady { try await TestSupervisor.waitUntilReady(supervisor) }
        let result = try await body(supervisor)
        await supervisor.shutdown()
        return result
    } catch {
        await supervisor.shutdown()
        throw error
    }
}
