// Shared helpers of the HTTP tests: building servers, sending JSON, local receivers on 127.0.0.1.
import CogCore
@testable import CogHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Testing

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body parsed as JSON (integers and floats kept apart).
    var json: JSONValue? {
        var parser = RequestJSONParser(Array(text.utf8))
        return try? parser.parse()
    }

    /// The body with a `predict_time` value replaced by `T`, for byte-exact comparisons.
    var textWithoutPredictTime: String { withoutPredictTime(text) }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

func jsonHeaders(_ extra: [(String, String)] = []) -> HTTPFields {
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
    return headers
}

func makeServer(_ backend: FakeBackend, _ configure: (inout ServerConfiguration) -> Void = { _ in }) -> CogHTTPServer {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
    configure(&configuration)
    return CogHTTPServer(backend: backend, configuration: configuration)
}

extension TestClientProtocol {
    /// POST/PUT a JSON body.
    @discardableResult
    func send(_ uri: String, method: HTTPRequest.Method = .post, json: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: jsonHeaders(headers), body: ByteBuffer(string: json))
    }
}

/// A response body with its (varying) `predict_time` value replaced by `T`.
func withoutPredictTime(_ text: String) -> String {
    text.replacingOccurrences(of: #""predict_time":[0-9.e-]+"#, with: "\"predict_time\":T", options: .regularExpression)
}

/// Polls `condition` until true (or fails at the caller after `timeout`).
func eventually(
    timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation, _ condition: @Sendable () async -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
}

/// One request a receiver got.
struct ReceivedRequest: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let headers: HTTPFields
    let body: String
}

/// Records what a local receiver got and decides its answers.
actor Receiver {
    private(set) var requests: [ReceivedRequest] = []
    private var statuses: [HTTPResponse.Status]
    private let responseHeaders: @Sendable (ReceivedRequest, Int) -> HTTPFields

    init(statuses: [HTTPResponse.Status] = [], responseHeaders: @escaping @Sendable (ReceivedRequest, Int) -> HTTPFields = { _, _ in [:] }) {
        self.statuses = statuses
        self.responseHeaders = responseHeaders
    }

    func record(_ request: ReceivedRequest, port: Int) -> (HTTPResponse.Status, HTTPFields) {
        requests.append(request)
        let status = statuses.isEmpty ? .ok : statuses.removeFirst()
        return (status, responseHeaders(request, port))
    }

    func bodies(path: String? = nil) -> [JSONValue] {
        requests.filter { path == nil || $0.path == path }.compactMap {
            var parser = RequestJSONParser(Array($0.body.utf8))
            return try? parser.parse()
        }
    }
}

/// Runs a server on 127.0.0.1 (random port) that records every request, for `body(port)`.
func withReceiver<T: Sendable>(_ receiver: Receiver, _ body: @Sendable (Int) async throws -> T) async throws -> T {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let portBox = PortBox()
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
        let text = String(buffer: try await request.body.collect(upTo: 10 << 20))
        let received = ReceivedRequest(method: request.method, path: request.uri.path, headers: request.headers, body: text)
        let (status, headers) = await receiver.record(received, port: await portBox.port)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
    }
    var logger = Logger(label: "receiver")
    logger.logLevel = .critical
    let app = Application(
        responder: responder, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: T?.self) { tasks in
        tasks.addTask {
            try await group.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        await portBox.set(port)
        do {
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }
}

private actor PortBox {
    var port = 0
    func set(_ value: Int) { port = value }
}
