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
        The predictor runs in a worker process: if it crashes, exits or hangs on cancel, the \
        prediction fails (or is canceled) and a fresh worker is started; the server keeps running. \
        SIGTERM or SIGINT stop accepting requests, let running predictions finish, and exit 0. \
        A browser playground at /playground runs predictions from a form made from the schema \
        (--no-playground turns it off).
        """)

    @OptionGroup var predictor: PredictorProcessOptions

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(name: [.short, .customLong("port")], help: "The port (default: $PORT, else 8393).") var port: Int?
    @Flag(name: .customLong("no-playground"), help: "Do not serve the browser playground (/playground answers 404; GET / is always JSON).")
    var noPlayground = false

    @OptionGroup(title: "Python environment") var pythonEnvironment: EnvironmentOptions

    func run() throws {
        AllocatorTuning.keepLargeBuffersInTheHeap()
        let command = self
        try BlockingAsync.run { try await command.serve() }
    }

    private func serve() async throws {
        let plan = try predictor.plan(pythonEnvironment: pythonEnvironment)
        let (supervisor, processEnvironment) = (plan.supervisor, plan.processEnvironment)

        var serverConfiguration = ServerConfiguration.fromEnvironment(processEnvironment)
        serverConfiguration.host = host
        serverConfiguration.port = port ?? Int(processEnvironment["PORT"] ?? "") ?? 8393
        serverConfiguration.uploadURL = predictor.uploadURL
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
}
