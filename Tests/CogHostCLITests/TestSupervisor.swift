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

    /// `start`, then `waitUntilReady`.
    static func ready(project: String, reference: String = "predict.py:Runner", slots: Int = 1, grace: Duration? = nil,
                      serverLog: @escaping @Sendable (String) -> Void = { _ in }) async throws -> WorkerSupervisor {
        let supervisor = await start(project: project, reference: reference, slots: slots, grace: grace, serverLog: serverLog)
        try await waitUntilReady(supervisor)
        return supervisor
    }
}
