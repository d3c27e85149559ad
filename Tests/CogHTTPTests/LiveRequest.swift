// One HTTP request over its own connection to a live test server (AsyncHTTPClient).
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A request on a fresh client, so concurrent requests never share (and queue on) one connection.
enum LiveRequest {
    struct Reply: Sendable {
        let status: Int
        let text: String

        var textWithoutPredictTime: String { withoutPredictTime(text) }
    }

    static func send(port: Int, path: String, json: String? = nil) async throws -> Reply {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = .POST
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: json))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return Reply(status: Int(response.status.code), text: String(buffer: body))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
