// The predictor's worker process as `serve` and `queue worker` start it: project, environment, slots.
import CogPython
import CogWorker
import Foundation

/// Everything both long-running commands derive the same way from the project: the worker
/// command line, the process environment, the number of slots, the setup timeout.
struct PredictorWorkerPlan {
    let supervisor: WorkerSupervisor
    let concurrency: Int
    let processEnvironment: [String: String]

    /// Locates the project, applies its environment to this process and plans the worker.
    /// `concurrency` overrides Cog's precedence (COG_MAX_CONCURRENCY, cog.yaml's
    /// concurrency.max, the predictor's @cog.concurrent(max=N), else 1).
    static func make(reference: String?, configFile: String, extraEnvironment: [String], setupTimeout: Double?,
                     pythonEnvironment: EnvironmentOptions, concurrency requested: Int? = nil) throws -> PredictorWorkerPlan {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let project = try Project.locate(reference: reference, configFile: configFile, from: workingDirectory)
        let predictReference = reference ?? (try? project.reference(for: .predict))
        let trainReference = reference == nil ? project.configuration?.train : nil
        guard predictReference != nil || trainReference != nil else {
            throw CommandFailure("\(configFile) names no predictor: add run: \"predict.py:Predictor\"")
        }
        try project.prepareProcess(extraEnvironment: extraEnvironment)
        let processEnvironment = ProcessInfo.processInfo.environment

        // The worker makes (or checks) the project's environment as its setup's first step, so
        // the health check says STARTING meanwhile and SETUP_FAILED, with the installer's
        // lines in its logs, if it cannot be made.
        var arguments = ["worker", "--project", project.directory] + pythonEnvironment.workerArguments
        if project.configuration != nil {
            arguments += ["--config-file", (project.directory as NSString).appendingPathComponent((configFile as NSString).lastPathComponent)]
        }
        if let predictReference { arguments += ["--predict", predictReference] }
        if let trainReference { arguments += ["--train", trainReference] }
        let concurrency = requested
            ?? Int(processEnvironment["COG_MAX_CONCURRENCY"] ?? "").flatMap { $0 > 0 ? $0 : nil }
            ?? project.configuration?.concurrency?.max
            ?? predictReference.flatMap { ConcurrencyDeclaration.declaredMax(reference: $0, projectDirectory: project.directory) } ?? 1
        arguments += ["--concurrency", String(concurrency)]
        var configuration = WorkerSupervisor.Configuration(
            executable: executablePath, arguments: arguments, environment: processEnvironment, slotCount: concurrency)
        let timeout = setupTimeout ?? Double(processEnvironment["COG_SETUP_TIMEOUT"] ?? "").flatMap { $0 > 0 ? $0 : nil }
        configuration.setupTimeout = timeout.map { .milliseconds(Int($0 * 1000)) }
        return PredictorWorkerPlan(supervisor: WorkerSupervisor(configuration: configuration), concurrency: concurrency,
                                   processEnvironment: processEnvironment)
    }

    /// This binary, which the worker processes run as `cog-host worker`.
    static var executablePath: String {
        #if os(Linux)
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        #else
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
        #endif
    }
}
