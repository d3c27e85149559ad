// `cog-host queue worker`: runs the project's predictor on jobs claimed from the queue.
import ArgumentParser
import CogHTTP
import CogQueue
import CogWorker
import Foundation
import Synchronization

struct QueueWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Take predictions from the queue and run them (as many at once as serve's slots).",
        discussion: """
        The predictor runs in a worker process exactly as under `serve`. Jobs are claimed with a \
        lease that the worker renews; if the worker dies, another takes the job once the lease \
        expires (at most --max-attempts claims in all). SIGTERM stops claiming, lets running \
        jobs finish for --drain-timeout seconds, puts the rest back in the queue, and exits 0. \
        With --port, GET /health-check and GET /metrics (Prometheus) are served there.
        """)

    @OptionGroup var predictor: PredictorProcessOptions

    @OptionGroup var database: QueueDatabaseOptions

    @Option(help: "Jobs run at once (default: as serve: $COG_MAX_CONCURRENCY, cog.yaml's concurrency.max, @cog.concurrent, else 1).")
    var concurrency: Int?
    @Option(name: .customLong("lease-seconds"), help: "How long a claimed job stays this worker's without renewal (renewed every third).")
    var leaseSeconds: Double = 30
    @Option(name: .customLong("max-attempts"), help: "Claims of one job (its earlier workers having died) before it ends failed.")
    var maxAttempts: Int = 3
    @Option(name: .customLong("drain-timeout"), help: "On SIGTERM: seconds running jobs may go on before they go back to the queue.")
    var drainTimeout: Double = 30
    @Option(name: .customLong("idle-recheck"), help: "Seconds an idle worker waits for a notification before it looks at the table anyway.")
    var idleRecheck: Double = 30
    @Option(name: .customLong("secret-key-file"), help: ArgumentHelp(
        "The workers' private key (from `cog-host queue keygen`) that opens jobs' sealed Secret inputs (else $COG_QUEUE_SECRET_KEY).",
        valueName: "path"))
    var secretKeyFile: String?
    @Option(help: "With --port: the address to serve /health-check and /metrics on.") var host = "127.0.0.1"
    @Option(name: [.short, .customLong("port")], help: "Serve /health-check and /metrics on this port (none by default).") var port: Int?
    @OptionGroup(title: "Python environment") var pythonEnvironment: EnvironmentOptions

    func validate() throws {
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard drainTimeout >= 0, idleRecheck > 0 else { throw ValidationError("--drain-timeout and --idle-recheck must be positive") }
    }

    func run() throws {
        AllocatorTuning.keepLargeBuffersInTheHeap()
        let command = self
        try BlockingAsync.run { try await command.work() }
    }

    private func work() async throws {
        let url = try database.url()
        let sealer = try loadSealer()
        let plan = try predictor.plan(pythonEnvironment: pythonEnvironment, concurrency: concurrency)
        var workerConfiguration = QueueWorkerConfiguration(workerID: QueueWorkerConfiguration.makeWorkerID(), concurrency: plan.concurrency)
        workerConfiguration.lease = .milliseconds(Int(leaseSeconds * 1000))
        workerConfiguration.maxAttempts = maxAttempts
        workerConfiguration.drainTimeout = .milliseconds(Int(drainTimeout * 1000))
        workerConfiguration.idleRecheck = .milliseconds(Int(idleRecheck * 1000))
        workerConfiguration.sealer = sealer
        let (host, port, uploadURL, queueConfiguration) = (host, port, predictor.uploadURL, workerConfiguration)

        do {
            // No check first: a worker waits (with backoff, logging the reason) for a database
            // that is not there yet, as when both start together.
            try await QueueConnection.with(url, checkFirst: false) { store in
                let metrics = MetricsSource()
                var serverConfiguration = ServerConfiguration.fromEnvironment(plan.processEnvironment)
                serverConfiguration.host = host
                serverConfiguration.port = port ?? 0
                serverConfiguration.uploadURL = uploadURL
                serverConfiguration.playgroundEnabled = false
                serverConfiguration.acceptsPredictions = false
                serverConfiguration.metricsText = { await metrics.text(store: store) }
                let server = CogHTTPServer(backend: plan.supervisor, configuration: serverConfiguration)
                await plan.supervisor.start()
                let listener = port.map { port in
                    Task { try await server.run(onListening: { _ in StandardStreams.writeError("Health and metrics at http://\(host):\(port)") }) }
                }
                let runner = QueuePredictionRunner(server: server, supervisor: plan.supervisor, listener: listener)
                let worker = QueueWorker(store: store, runner: runner, configuration: queueConfiguration, log: { StandardStreams.writeError($0) })
                metrics.worker = worker
                let signals = [SIGTERM, SIGINT].map { number in
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number)
                    source.setEventHandler { Task { await worker.stop() } }
                    source.resume()
                    return source
                }
                defer { signals.forEach { $0.cancel() } }
                do {
                    try await worker.run()
                } catch QueueWorkerFailure.stoppedBeforeStart {
                    await runner.shutdown()
                } catch {
                    await runner.shutdown()
                    throw CommandFailure("cog-host queue worker: \(error)")
                }
            }
        } catch let error as QueueDatabaseError {
            throw CommandFailure("cog-host queue worker: \(error)")
        }
    }

    private func loadSealer() throws -> SecretSealer? {
        let text: String
        if let secretKeyFile {
            guard let contents = try? String(contentsOfFile: secretKeyFile, encoding: .utf8) else {
                throw CommandFailure("cog-host queue worker: cannot read --secret-key-file \(secretKeyFile)")
            }
            text = contents
        } else if let variable = ProcessInfo.processInfo.environment["COG_QUEUE_SECRET_KEY"], !variable.isEmpty {
            text = variable
        } else {
            return nil
        }
        do {
            return try SecretSealer(privateKeyText: text)
        } catch {
            throw CommandFailure("cog-host queue worker: \(error)")
        }
    }
}

/// `/metrics` of a queue worker: its counters and the queue's gauges (read from the table on
/// each scrape; left out if the database does not answer).
private final class MetricsSource: Sendable {
    private let current = Mutex<QueueWorker?>(nil)

    var worker: QueueWorker? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    func text(store: QueueStore) async -> String {
        guard let worker else { return "" }
        return await worker.metricsText(queue: try? await store.stats(countingFinished: false))
    }
}
