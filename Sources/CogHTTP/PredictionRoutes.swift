// POST /predictions, PUT /predictions/{id}, POST /predictions/{id}/cancel (and /trainings).
import CogCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The prediction endpoints for one kind (predictions or trainings), in coglet's order of
/// checks: body → id → in-flight PUT → SSE capability (406) → input (422) → readiness (503) →
/// slot (409) → run.
struct PredictionRoutes {
    let server: CogHTTPServer
    let isTraining: Bool
    /// The playground's synchronous requests: a failed or canceled prediction's body keeps its
    /// `logs` (Cog's sync body has `""`), since the page may not have polled them yet.
    var keepsLogsOnFailure = false

    private enum Mode { case sync, async, stream }

    private var noun: String { isTraining ? "training" : "prediction" }

    func create(_ incoming: Request, pathID: String?) async -> Response {
        // `collectBody` keeps the connection's part stream, which disconnect detection needs.
        var collecting = incoming
        let limit = server.configuration.maxBodyBytes
        if let declared = incoming.headers[.contentLength].flatMap(Int.init), declared > limit {
            return tooLarge(limit)
        }
        let body: ByteBuffer
        do {
            body = try await collecting.collectBody(upTo: limit)
        } catch {
            return tooLarge(limit)
        }
        let request = collecting
        let wantsStream = Self.wantsEventStream(request.headers)
        if isTraining && wantsStream {
            return HTTPResponses.json(.notAcceptable, ResponseBodies.ErrorOnly(error: "Training endpoints do not support streaming responses."))
        }
        let decoded: PredictionRequest
        switch PredictionRequest.decode(body: Array(body.readableBytesView), contentType: request.headers[.contentType]) {
        case .success(let value): decoded = value
        case .failure(let rejection): return HTTPResponses.plain(HTTPResponse.Status(code: rejection.status), rejection.text)
        }
        if let pathID, let bodyID = decoded.id, bodyID != pathID {
            return HTTPResponses.json(.unprocessableContent, ResponseBodies.ValidationDetail(field: ["id"], message: "\(noun) ID must match the ID supplied in the URL"))
        }
        let id = pathID ?? decoded.id ?? Self.generatedID()
        if let problem = Self.idProblem(id) {
            return HTTPResponses.json(.unprocessableContent, ResponseBodies.ValidationDetail(field: ["id"], message: "\(noun) ID \(problem)"))
        }

        let interfaces = await server.backend.interfaces()
        let supportsStreaming = !isTraining && Self.supportsStreaming(interfaces.predict)
        if pathID != nil, let existing = await server.registry.run(withID: id) {
            if wantsStream {
                guard supportsStreaming else { return Self.streamingNotSupported }
                return await attachStream(to: existing, request: request)
            }
            return HTTPResponses.json(.accepted, await existing.snapshot(includingInput: true))
        }

        let mode: Mode = wantsStream ? .stream : (request.headers[values: Self.prefer].first == "respond-async" ? .async : .sync)
        if mode == .stream && !supportsStreaming { return Self.streamingNotSupported }

        let interface = isTraining ? (interfaces.train ?? interfaces.predict) : interfaces.predict
        let input: [String: JSONValue]
        switch server.validatedInput(decoded.input, interface: interface, isTraining: interfaces.train != nil && isTraining) {
        case .success(let values): input = values
        case .failure(let failure):
            return HTTPResponses.json(.unprocessableContent, ResponseBodies.ValidationDetail(inputProblems: failure.problems))
        }

        guard await server.backend.setupReport().status == .succeeded else {
            return HTTPResponses.json(.serviceUnavailable, ResponseBodies.FailedStatus(error: "Setup has not finished yet. Wait until it has finished, or GET /health-check for status."))
        }
        let webhook = decoded.webhook.map {
            WebhookSender(url: $0, events: decoded.webhookEventsFilter, trace: TraceHeaders(
                traceparent: request.headers[values: Self.traceparent].first, tracestate: request.headers[values: Self.tracestate].first),
                poster: server.webhooks)
        }
        let run = PredictionRun(
            id: id, isTraining: isTraining, echoedInput: interface?.maskingSecrets(in: input) ?? input,
            cancelsWhenStreamsClose: mode == .stream, webhook: webhook, historyCapacity: server.configuration.streamHistoryCapacity,
            streamsEvents: supportsStreaming)
        guard await server.registry.reserve(run) else {
            return HTTPResponses.json(.conflict, ResponseBodies.FailedStatus(error: "At capacity - all prediction slots busy"))
        }
        // Subscribe before the run starts so the stream sees every event.
        let subscription = mode == .stream ? await run.subscribe() : nil
        let early = mode == .sync ? EarlyResult() : nil
        let task = server.executor.start(run, job: PredictionJob(id: id, input: input, context: decoded.context, isTraining: isTraining), early: early)

        switch mode {
        case .async:
            return HTTPResponses.json(.accepted, ResponseBodies.Accepted(id: id))
        case .stream:
            guard let subscription else {
                return HTTPResponses.json(.tooManyRequests, ResponseBodies.ErrorOnly(error: "Too many stream subscribers"))
            }
            return streamResponse(run, subscription: subscription, request: request)
        case .sync:
            // Most predictions end quickly: their answer goes out on a kept-alive connection.
            if let snapshot = await early?.wait(upTo: Self.disconnectWatchDelay) {
                return HTTPResponses.json(.ok, syncBody(snapshot))
            }
            // A longer one watches its connection, so that a client that goes away cancels it
            // (a client gone already is noticed at once).
            let (server, routes) = (server, self)
            var snapshot = try? await request.body.consumeWithInboundCloseHandler({ _ in
                await task.value
            }, onInboundClosed: {
                Task { await routes.cancel(run, server: server) }
            })
            if snapshot == nil { snapshot = await task.value }
            var response = HTTPResponses.json(.ok, syncBody(snapshot ?? PredictionSnapshot(id: id, status: .failed, logs: "", metrics: [:])))
            // Watching for the client's disconnect consumed the connection: say it closes, so a
            // client does not send its next request on it.
            response.headers[.connection] = "close"
            return response
        }
    }

    private func syncBody(_ snapshot: PredictionSnapshot) -> PredictionSnapshot {
        var body = snapshot.syncBody
        if keepsLogsOnFailure { body.logs = snapshot.logs }
        return body
    }

    /// How long a sync prediction runs before its connection is watched for a disconnect.
    static let disconnectWatchDelay: TimeAmount = .milliseconds(50)

    func cancel(id: String) async -> Response {
        guard let run = await server.registry.run(withID: id) else {
            // Canceling a prediction that already ended canceled is not an error.
            let status: HTTPResponse.Status = await server.registry.wasRecentlyCanceled(id) ? .ok : .notFound
            return HTTPResponses.json(status, ResponseBodies.Empty())
        }
        await cancel(run, server: server)
        return HTTPResponses.json(.ok, ResponseBodies.Empty())
    }

    /// Marks the run canceled and, if the backend has the job, asks the backend to stop it. A
    /// job still on its way to the backend is told when the backend accepts it (the executor's
    /// `accepted`), and one not yet dispatched is never started.
    func cancel(_ run: PredictionRun, server: CogHTTPServer) async {
        if await run.requestCancel() { await server.backend.cancel(run.id) }
    }

    // MARK: Server-sent events

    private func attachStream(to run: PredictionRun, request: Request) async -> Response {
        guard let subscription = await run.subscribe() else {
            return HTTPResponses.json(.tooManyRequests, ResponseBodies.ErrorOnly(error: "Too many stream subscribers"))
        }
        return streamResponse(run, subscription: subscription, request: request)
    }

    private func streamResponse(_ run: PredictionRun, subscription: (UUID, AsyncStream<StreamEvent>), request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        headers[.connection] = "close"
        let (subscriber, events) = subscription
        let (server, routes, interval) = (server, self, server.configuration.streamKeepAliveInterval)
        let disconnect: @Sendable () async -> Void = {
            if await run.unsubscribe(subscriber) { await routes.cancel(run, server: server) }
        }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let keepAlive = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    await run.keepAlive(subscriber)
                }
            }
            defer { keepAlive.cancel() }
            do {
                try await request.body.consumeWithInboundCloseHandler({ _ in
                    for await event in events { try await writer.write(ByteBuffer(string: event.text)) }
                }, onInboundClosed: {
                    Task { await disconnect() }
                })
            } catch {
                await disconnect()
                throw error
            }
            await disconnect()
            try await writer.finish(nil)
        })
    }

    private static let streamingNotSupported = HTTPResponses.json(.notAcceptable, ResponseBodies.ErrorOnly(
        error: "This model does not support streaming responses. Add @cog.streaming to predict() to enable SSE."))

    // MARK: Helpers

    private func tooLarge(_ limit: Int) -> Response {
        HTTPResponses.plain(.contentTooLarge, "Request body too large: the limit is \(limit) bytes")
    }

    static let prefer = HTTPField.Name("prefer")!
    static let traceparent = HTTPField.Name("traceparent")!
    static let tracestate = HTTPField.Name("tracestate")!

    /// `Accept` lists `text/event-stream` (parameters ignored).
    static func wantsEventStream(_ headers: HTTPFields) -> Bool {
        guard let accept = headers[values: .accept].first else { return false }
        return accept.split(separator: ",").contains { part in
            part.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.trimmingSpaces == "text/event-stream" } ?? false
        }
    }

    /// `@cog.streaming` with an iterator output (`x-cog-streaming` in the schema).
    static func supportsStreaming(_ interface: PredictorInterface?) -> Bool {
        guard let interface, interface.isStreaming, case .iterator = interface.output else { return false }
        return true
    }

    /// coglet's form, `pred_<lowercase hex of unix-epoch nanoseconds>`, made unique: two requests
    /// in the same clock tick get consecutive values, never the same id.
    static func generatedID() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        let unique = lastGeneratedID.withLock { last in
            last = max(last + 1, nanoseconds)
            return last
        }
        return "pred_" + String(unique, radix: 16)
    }

    private static let lastGeneratedID = Mutex<UInt64>(0)

    /// Why an id is refused (it names a directory and a URL path segment), or nil.
    static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "must not be empty" }
        if id.count > 256 { return "must be at most 256 characters" }
        if id.contains("/") { return "must not contain '/'" }
        if id.contains("..") { return "must not contain '..'" }
        if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) {
            return "must not contain control characters"
        }
        return nil
    }
}
