// Routes requests to coglet's endpoints (and the playground's); unknown paths get an empty 404, wrong methods 405.
import CogCore
import Foundation
import Hummingbird

/// The server's `HTTPResponder`: exact paths and methods as coglet's axum router has them
/// (no trailing slashes, `{id}` percent-decoded), `HEAD` answered for `GET` routes.
struct CogResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let server: CogHTTPServer

    func respond(to request: Request, context: Context) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let method = request.method
        let isGet = method == .get || method == .head
        func only(_ allowed: Bool, _ handler: () async -> Response) async -> Response {
            guard allowed else { return HTTPResponses.empty(.methodNotAllowed) }
            let response = await handler()
            return method == .head ? Response(status: response.status, headers: response.headers) : response
        }
        let kinds: [String: Bool] = ["predictions": false, "trainings": true]
        switch segments.count {
        case 1 where segments[0] == "":
            guard server.configuration.playgroundEnabled else { return await only(isGet) { await root() } }
            // Browsers get a page linking to the playground; JSON clients Cog's index document.
            let wantsHTML = PlaygroundRoutes.wantsHTML(request)
            var response = await only(isGet) { wantsHTML ? PlaygroundRoutes(server: server).welcome() : await root() }
            response.headers[.vary] = "Accept"
            return response
        case _ where segments.first == "playground" && server.configuration.playgroundEnabled:
            let routes = PlaygroundRoutes(server: server)
            let isRun = segments.count == 3 && method == .put
            return await only(isGet || isRun) { await routes.respond(to: request, segments: segments.dropFirst()) ?? HTTPResponses.empty(.notFound) }
        case 1 where segments[0] == "health-check":
            return await only(isGet) { HTTPResponses.json(.ok, await server.health.document(), keepOrder: true) }
        case 1 where segments[0] == "openapi.json":
            return await only(isGet) { await openAPI() }
        case 1 where segments[0] == "metrics" && server.configuration.metricsText != nil:
            return await only(isGet) { await metrics() }
        case _ where kinds[segments[0]] != nil && !server.configuration.acceptsPredictions:
            return HTTPResponses.json(.notFound, ResponseBodies.ErrorOnly(error: "This cog-host takes its predictions from a queue (cog-host queue submit)."))
        case 1 where segments[0] == "shutdown":
            return await only(method == .post) { shutdown() }
        case 1 where kinds[segments[0]] != nil:
            return await only(method == .post) {
                await PredictionRoutes(server: server, isTraining: kinds[segments[0]]!).create(request, pathID: nil)
            }
        case 2 where kinds[segments[0]] != nil && !segments[1].isEmpty:
            return await only(method == .put) {
                await PredictionRoutes(server: server, isTraining: kinds[segments[0]]!).create(request, pathID: Self.decoded(segments[1]))
            }
        case 3 where kinds[segments[0]] != nil && !segments[1].isEmpty && segments[2] == "cancel":
            return await only(method == .post) {
                await PredictionRoutes(server: server, isTraining: kinds[segments[0]]!).cancel(id: Self.decoded(segments[1]))
            }
        default:
            return HTTPResponses.empty(.notFound)
        }
    }

    static func decoded(_ segment: String) -> String { segment.removingPercentEncoding ?? segment }

    private func root() async -> Response {
        let versions = await server.backend.versions()
        let interfaces = await server.backend.interfaces()
        let body = ResponseBodies.Root(cogVersion: versions["python_sdk"] ?? server.configuration.cogVersion, hasTrainings: interfaces.train != nil)
        return HTTPResponses.json(.ok, body)
    }

    private func openAPI() async -> Response {
        let report = await server.backend.setupReport()
        let interfaces = await server.backend.interfaces()
        let generator = OpenAPISchemaGenerator()
        guard report.status == .succeeded, let text = generator.schemaFileText(predict: interfaces.predict, train: interfaces.train) else {
            return HTTPResponses.json(.serviceUnavailable, ResponseBodies.ErrorOnly(error: "OpenAPI schema not available"))
        }
        // Cog serves the schema file after serde read it: keys sorted, numbers re-printed.
        var parser = RequestJSONParser(Array(text.utf8))
        guard let document = try? parser.parse() else {
            return HTTPResponses.json(.serviceUnavailable, ResponseBodies.ErrorOnly(error: "OpenAPI schema not available"))
        }
        return HTTPResponses.jsonText(.ok, document.text(.serde))
    }

    /// `GET /metrics`: the owner's Prometheus text.
    private func metrics() async -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let text = await server.configuration.metricsText?() ?? ""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// `POST /shutdown`: answers 200 `{}`, and stops the server once that answer is written
    /// (the end of the body is in the connection's hands), not after a guessed delay. If the
    /// body is never written (the client left before the head went out), the server stops when
    /// the response is dropped.
    private func shutdown() -> Response {
        let (hook, server) = (server.configuration.onShutdown, server)
        let trigger = OneShot {
            Task {
                await hook?()
                await server.shutdown()
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body = ResponseBody(contentLength: 2) { writer in
            defer { trigger.fire() }
            try await writer.write(ByteBuffer(string: "{}"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
