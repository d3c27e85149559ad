// The HTTP client for webhooks and uploads: one per process, never shut down, no connect retries.
import AsyncHTTPClient
import NIOCore

/// Like `HTTPClient.shared`, but a refused connection fails at once instead of being retried
/// until the request's deadline (coglet reports webhook/upload connection errors promptly).
enum OutboundHTTPClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
