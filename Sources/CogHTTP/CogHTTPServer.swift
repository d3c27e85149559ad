// The public entry point: Cog's HTTP prediction API over a PredictionBackend, on Hummingbird.
import AsyncHTTPClient
public import CogCore
public import Hummingbird
public import Logging
import ServiceLifecycle

/// Serves coglet 0.23.1's HTTP API (`/predictions`, `/trainings`, `/health-check`, …) for a
/// `PredictionBackend`. `run()` listens until `shutdown()` (or `POST /shutdown`); then it stops
/// accepting connections, lets in-flight predictions finish, and shuts the backend down.
public struct CogHTTPServer: Sendable {
    public let backend: any PredictionBackend
    public let configuration: ServerConfiguration
    let registry: PredictionRegistry
    let health: HealthChecker
    let webhooks: WebhookPoster
    let lifecycle: ServerLifecycle
    let validators = ValidatorCache()

    public init(backend: any PredictionBackend, configuration: ServerConfiguration) {
        self.backend = backend
        self.configuration = configuration
        registry = PredictionRegistry(slotCount: backend.slotCount)
        health = HealthChecker(backend: backend, registry: registry, cogletVersion: configuration.cogVersion, timeout: configuration.healthcheckTimeout,
                               readyFile: configuration.readyFile)
        webhooks = WebhookPoster(
            client: { OutboundHTTPClient.shared }, authToken: configuration.webhookAuthToken, userAgent: "coglet/\(configuration.cogVersion)",
            throttleInterval: configuration.webhookThrottleInterval, retryBase: configuration.webhookRetryBase,
            maxRetries: configuration.webhookMaxRetries, tracker: TaskTracker())
        lifecycle = ServerLifecycle()
    }

    /// The Hummingbird application (tests drive it with `HummingbirdTesting`).
    /// `onListening` gets the port once the server listens (the one the kernel chose for port 0).
    public func makeApplication(logger: Logger? = nil, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "cog-host.http")
        if logger == nil { log.logLevel = .warning }
        return Application(
            responder: CogResponder(server: self),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: log)
    }

    /// Listens until `shutdown()`; returns after in-flight predictions finished, pending
    /// `completed` webhooks were delivered (at most 10 s more) and the backend was shut down.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = makeApplication(onListening: onListening)
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: application.logger))
        await lifecycle.started(group)
        try await group.run()
        await registry.waitUntilIdle()
        await webhooks.tracker.waitForAll(limit: .seconds(10))
        await backend.shutdown()
    }

    /// Graceful shutdown: stop accepting connections; `run()` returns once predictions finished.
    public func shutdown() async {
        await lifecycle.shutdown()
    }

    /// Work for one prediction/training request's executor.
    var executor: PredictionExecutor {
        let (uploadURL, backend, registry) = (configuration.uploadURL, backend, registry)
        return PredictionExecutor(backend: backend, registry: registry, delivery: { OutputDelivery(uploadURL: uploadURL, client: { OutboundHTTPClient.shared }) })
    }
}

/// Remembers the running service group so `shutdown()` can reach it (even before it started).
actor ServerLifecycle {
    private var group: ServiceGroup?
    private var shutdownRequested = false

    func started(_ group: ServiceGroup) async {
        self.group = group
        if shutdownRequested { await group.triggerGracefulShutdown() }
    }

    func shutdown() async {
        shutdownRequested = true
        await group?.triggerGracefulShutdown()
    }
}
