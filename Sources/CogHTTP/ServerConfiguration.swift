// Settings of the HTTP server: address, upload URL, limits, webhook and SSE tuning, playground, hooks.
public import Foundation

/// How `CogHTTPServer` listens and behaves. `fromEnvironment` reads coglet's variables.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// `--upload-url`: file outputs are PUT to `<uploadURL>/<basename>`; nil → data URLs.
    public var uploadURL: String?
    /// Requests with larger bodies get 413.
    public var maxBodyBytes: Int
    /// `COG_THROTTLE_RESPONSE_INTERVAL`: minimum time between `start`/`logs` webhooks.
    public var webhookThrottleInterval: Duration
    /// Base delay of terminal-webhook retries (`base × 2^attempt`); 100 ms in coglet.
    public var webhookRetryBase: Duration
    public var webhookMaxRetries: Int
    /// `COG_STREAM_HISTORY_CAPACITY`: SSE events replayed to late subscribers (0 disables).
    public var streamHistoryCapacity: Int
    /// How often an idle SSE stream gets a keep-alive comment.
    public var streamKeepAliveInterval: Duration
    /// `WEBHOOK_AUTH_TOKEN`: sent as `Authorization: Bearer <token>` on webhooks.
    public var webhookAuthToken: String?
    /// `cog_version` of `GET /` when the backend reports no Python SDK version, and `coglet`
    /// of the health check's version block.
    public var cogVersion: String
    /// How long the predictor's `healthcheck()` may take.
    public var healthcheckTimeout: Duration
    /// Serve the browser playground (`/playground`, and an HTML `GET /` for browsers).
    public var playgroundEnabled: Bool
    /// `KUBERNETES_SERVICE_HOST` set: the first READY health check makes this empty file
    /// (`/var/run/cog/ready`), which a readiness probe can test for, as coglet does.
    public var readyFile: String?
    /// Whether `POST /predictions` and `/trainings` take predictions. A queue worker's server
    /// (health and metrics only) answers them 404: its predictions come from the queue.
    public var acceptsPredictions: Bool = true
    /// The body of `GET /metrics` (Prometheus text format); nil → 404.
    public var metricsText: (@Sendable () async -> String)?
    /// Called by `POST /shutdown` (after the response is sent); the server then shuts down
    /// gracefully on its own.
    public var onShutdown: (@Sendable () async -> Void)?

    public init(
        host: String = "0.0.0.0", port: Int = 5000, uploadURL: String? = nil, maxBodyBytes: Int = 100 * 1024 * 1024,
        webhookThrottleInterval: Duration = .milliseconds(500), webhookRetryBase: Duration = .milliseconds(100),
        webhookMaxRetries: Int = 12, streamHistoryCapacity: Int = 1024, streamKeepAliveInterval: Duration = .seconds(15),
        webhookAuthToken: String? = nil, cogVersion: String = "0.23.1", healthcheckTimeout: Duration = .seconds(5),
        playgroundEnabled: Bool = true, onShutdown: (@Sendable () async -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.uploadURL = uploadURL
        self.maxBodyBytes = maxBodyBytes
        self.webhookThrottleInterval = webhookThrottleInterval
        self.webhookRetryBase = webhookRetryBase
        self.webhookMaxRetries = webhookMaxRetries
        self.streamHistoryCapacity = streamHistoryCapacity
        self.streamKeepAliveInterval = streamKeepAliveInterval
        self.webhookAuthToken = webhookAuthToken
        self.cogVersion = cogVersion
        self.healthcheckTimeout = healthcheckTimeout
        self.playgroundEnabled = playgroundEnabled
        self.onShutdown = onShutdown
    }

    /// The defaults with `PORT`, `COG_THROTTLE_RESPONSE_INTERVAL`,
    /// `COG_STREAM_HISTORY_CAPACITY` and `WEBHOOK_AUTH_TOKEN` applied (invalid values ignored).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if let port = environment["PORT"].flatMap(Int.init), (0...65535).contains(port) { configuration.port = port }
        if let seconds = environment["COG_THROTTLE_RESPONSE_INTERVAL"].flatMap(Double.init), seconds.isFinite, seconds >= 0 {
            configuration.webhookThrottleInterval = .milliseconds(Int64(seconds * 1000))
        }
        if let capacity = environment["COG_STREAM_HISTORY_CAPACITY"].flatMap(Int.init), capacity >= 0 {
            configuration.streamHistoryCapacity = capacity
        }
        if let token = environment["WEBHOOK_AUTH_TOKEN"] { configuration.webhookAuthToken = token }
        if environment["KUBERNETES_SERVICE_HOST"] != nil { configuration.readyFile = "/var/run/cog/ready" }
        return configuration
    }
}
