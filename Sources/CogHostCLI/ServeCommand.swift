// `cog-host serve`: Cog's HTTP prediction API, with the predictor in a worker process.
import ArgumentParser
import CogCore
import CogHTTP
import CogPython
import CogWorker
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve Cog's HTTP prediction API (POST /predictions, /health-check, /openapi.json, …).",
        discussion: """
        The predictor runs in a worker process: if it crashes, exits or hangs on cancel, the
        prediction fails (or is canceled) and a fresh worker is started; the server keeps running.
        SIGTERM or SIGINT stop accepting requests, let running predictions finish, and exit 0.
        A browser playground at /playground runs predictions from a form made from the schema
        (--no-playground turns it off).
        """)

    @Argument(help: ArgumentHelp("The predictor, as for run. Default: cog.yaml (run:/predict:, and train:).", valueName: "ref"))
    var reference: String?

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(name: [.short, .customLong("port")], help: "The port (default: $PORT, else 8393).") var port: Int?
    @Option(name: .customLong("upload-url"), help: "Upload file outputs with PUT <url>/<name> instead of returning data URLs.")
    var uploadURL: String?
    @Option(name: [.short, .customLong("file")], help: ArgumentHelp("The Cog configuration file.", valueName: "cog.yaml"))
    var configFile: String = "cog.yaml"
    @Option(name: [.short, .customLong("env")], help: ArgumentHelp("Set an environment variable for the predictor.", valueName: "NAME=value"))
    var environment: [String] = []
    @Option(name: .customLong("setup-timeout"), help: "Fail setup that takes longer than this many seconds.")
    var setupTimeout: Double?
    @Flag(name: .customLong("no-playground"), help: "Do not serve the browser playground (/playground answers 404; GET / is always JSON).")
    var noPlayground = false

    @OptionGroup(title: "Python environment") var pythonEnvironment: EnvironmentOptions

    func run() throws {
        AllocatorTuning.keepLargeBuffersInTheHeap()
        // The server is async; the main thread waits for it.
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        let command = self
        // The server's tasks (and every task they start with async let or a task group, such as
        // Hummingbird's connection handlers) run on its event loops: see EventLoopTaskExecutor.
        Task.detached(executorPreference: EventLoopTaskExecutor.shared) {
            do {
                try await command.serve()
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

    private func serve() async throws {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let project = try Project.locate(reference: reference, configFile: configFile, from: workingDirectory)
        let predictReference = reference ?? (try? project.reference(for: .predict))
        let trainReference = reference == nil ? project.configuration?.train : nil
        guard predictReference != nil || trainReference != nil else {
            throw CommandFailure("\(configFile) names no predictor: add run: \"predict.py:Predictor\"")
        }
        try project.prepareProcess(extraEnvironment: environment)
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
        // Cog's precedence: COG_MAX_CONCURRENCY, then cog.yaml's concurrency.max, then the
        // predictor's @cog.concurrent(max=N) (which Cog's build turns into the variable).
        let concurrency = Int(processEnvironment["COG_MAX_CONCURRENCY"] ?? "").flatMap { $0 > 0 ? $0 : nil }
            ?? project.configuration?.concurrency?.max
            ?? predictReference.flatMap { ConcurrencyDeclaration.declaredMax(reference: $0, projectDirectory: project.directory) } ?? 1
        arguments += ["--concurrency", String(concurrency)]
        var workerConfiguration = WorkerSupervisor.Configuration(
            executable: Self.executablePath, arguments: arguments, environment: processEnvironment, slotCount: concurrency)
        let timeout = setupTimeout ?? Double(processEnvironment["COG_SETUP_TIMEOUT"] ?? "").flatMap { $0 > 0 ? $0 : nil }
        workerConfiguration.setupTimeout = timeout.map { .milliseconds(Int($0 * 1000)) }
        let supervisor = WorkerSupervisor(configuration: workerConfiguration)

        var serverConfiguration = ServerConfiguration.fromEnvironment(processEnvironment)
        serverConfiguration.host = host
        serverConfiguration.port = port ?? Int(processEnvironment["PORT"] ?? "") ?? 8393
        serverConfiguration.uploadURL = uploadURL
        serverConfiguration.playgroundEnabled = !noPlayground
        let server = CogHTTPServer(backend: supervisor, configuration: serverConfiguration)

        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                StandardStreams.writeError("cog-host: stopping: waiting for running predictions to finish")
                Task { await server.shutdown() }
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }

        await supervisor.start()
        StandardStreams.writeError("Serving at http://\(host):\(serverConfiguration.port)")
        if !noPlayground { StandardStreams.writeError("Playground at http://\(host):\(serverConfiguration.port)/playground") }
        try await server.run()
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
