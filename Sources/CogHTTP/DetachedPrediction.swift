// Predictions that arrive from somewhere other than an HTTP request (a queue), run the same way.
import CogCore

/// What a queue hands the server for one job: the stored request document and, apart from it,
/// the values of its Secret inputs (which the stored document holds masked).
public struct DetachedPredictionRequest: Sendable {
    public var id: String
    /// The request as `POST /predictions` takes it: `{"input": …, "webhook": …,
    /// "webhook_events_filter": […], "context": {…}}`.
    public var body: String
    /// A JSON object of Secret input values (`{"api_token": "…"}`) laid over `input` before
    /// validation; nil when the job has none.
    public var secretInputs: String?
    public var isTraining: Bool

    public init(id: String, body: String, secretInputs: String? = nil, isTraining: Bool = false) {
        self.id = id
        self.body = body
        self.secretInputs = secretInputs
        self.isTraining = isTraining
    }
}

/// A prediction started by `CogHTTPServer.startDetached`: the same run as an async
/// `POST /predictions` (validation, worker, webhooks, output delivery, scrubbing), watched by
/// its owner instead of a client.
public struct DetachedPrediction: Sendable {
    public let id: String
    /// Yields after each change (logs, outputs, metrics, start), coalesced to the latest; ends
    /// when the prediction has ended.
    public let changes: AsyncStream<Void>
    private let run: PredictionRun
    private let task: Task<PredictionSnapshot, Never>
    private let server: CogHTTPServer

    init(run: PredictionRun, task: Task<PredictionSnapshot, Never>, changes: AsyncStream<Void>, server: CogHTTPServer) {
        id = run.id
        self.run = run
        self.task = task
        self.changes = changes
        self.server = server
    }

    /// The prediction document so far (Cog's JSON, input with Secret values masked).
    public func document() async -> String {
        await run.snapshotText(includingInput: true)
    }

    /// Waits for the end; the final document and its status.
    public func result() async -> DetachedResult {
        _ = await task.value
        let snapshot = await run.snapshot(includingInput: true)
        return DetachedResult(status: snapshot.status, document: await run.snapshotText(includingInput: true))
    }

    /// As `POST /predictions/{id}/cancel`: the prediction ends `canceled`.
    public func cancel() async {
        await PredictionRoutes(server: server, isTraining: run.isTraining).cancel(run, server: server)
    }

    /// Stops the prediction without announcing its end: no further webhook (its job runs
    /// again elsewhere, and that run announces the end).
    public func abandon() async {
        await run.dropWebhook()
        await cancel()
    }
}

/// A detached prediction's end: Cog's prediction document, and its terminal status.
public struct DetachedResult: Sendable {
    public let status: PredictionStatus
    public let document: String
}

/// Why a detached prediction did not start.
public enum DetachedRejection: Error, Sendable, Equatable {
    /// The request or its input is invalid: the job ends `failed` with this document (an error
    /// naming the input, as the 422 detail does).
    case invalid(DetachedResult)
    /// Setup has not succeeded, or every slot is busy: try again later.
    case notReady(String)

    public var text: String {
        switch self {
        case .invalid(let result): return result.document
        case .notReady(let reason): return reason
        }
    }
}

extension DetachedResult: Equatable {}

extension CogHTTPServer {
    /// Starts a prediction from a stored request, exactly as an async `POST /predictions` with
    /// that body would (secret values laid over `input` first).
    public func startDetached(_ request: DetachedPredictionRequest) async -> Result<DetachedPrediction, DetachedRejection> {
        let noun = request.isTraining ? "training" : "prediction"
        func invalid(_ error: String) -> Result<DetachedPrediction, DetachedRejection> {
            let snapshot = PredictionSnapshot(id: request.id, status: .failed, logs: "", error: error, metrics: [:])
            let text = (try? WireJSONEncoder.encode(snapshot)).map { $0.text(.serde) } ?? "{}"
            return .failure(.invalid(DetachedResult(status: .failed, document: text)))
        }
        var decoded: PredictionRequest
        switch PredictionRequest.decode(body: Array(request.body.utf8), contentType: "application/json") {
        case .success(let value): decoded = value
        case .failure(let rejection): return invalid("The stored request is not valid: \(rejection.text)")
        }
        if let problem = PredictionRoutes.idProblem(request.id) { return invalid("\(noun) ID \(problem)") }
        var secretValues: [String: JSONValue] = [:]
        if let secrets = request.secretInputs {
            var parser = RequestJSONParser(Array(secrets.utf8))
            guard case .object(let values)? = try? parser.parse(), case .object(var input) = decoded.input else {
                return invalid("The job's sealed Secret inputs are not a JSON object")
            }
            for (name, value) in values {
                input[name] = value
                secretValues[name] = value
            }
            decoded.input = .object(input)
        }
        guard await backend.setupReport().status == .succeeded else { return .failure(.notReady("Setup has not finished yet")) }
        let interfaces = await backend.interfaces()
        let interface = request.isTraining ? (interfaces.train ?? interfaces.predict) : interfaces.predict
        let input: [String: JSONValue]
        switch validatedInput(decoded.input, interface: interface, isTraining: request.isTraining && interfaces.train != nil) {
        case .success(let values): input = values
        case .failure(let failure):
            let text = failure.problems.map { "invalid input \"\($0.field)\": \($0.message)" }.joined(separator: "; ")
            return invalid(Self.redacting(secretValues.values, in: text))
        }
        // A Secret stored only as its mask (submitted without its sealed value) is refused
        // rather than run with "**********" as its value.
        for parameter in interface?.inputs ?? [] where parameter.type.containsSecret && secretValues[parameter.name] == nil {
            if let value = input[parameter.name], PredictorInterface.isMask(value) {
                return invalid("invalid input \"\(parameter.name)\": it is a Secret and the job holds only its mask, not its value (submit it with cog-host queue submit, which seals it)")
            }
        }
        let webhook = decoded.webhook.map {
            WebhookSender(url: $0, events: decoded.webhookEventsFilter, trace: TraceHeaders(), poster: webhooks)
        }
        let run = PredictionRun(
            id: request.id, isTraining: request.isTraining, echoedInput: interface?.maskingSecrets(in: input) ?? input,
            cancelsWhenStreamsClose: false, webhook: webhook, historyCapacity: 0, streamsEvents: false)
        let changes = await run.observeChanges()
        guard await registry.reserve(run) else { return .failure(.notReady("At capacity - all prediction slots busy")) }
        let task = executor.start(run, job: PredictionJob(id: request.id, input: input, context: decoded.context, isTraining: request.isTraining))
        return .success(DetachedPrediction(run: run, task: task, changes: changes, server: self))
    }

    /// `text` with every Secret value masked by the house's scrubber (a validation message may
    /// quote the value it refused, and the queue stores the message): each string value, each
    /// item of a list, and any other value as its JSON text.
    static func redacting(_ secrets: some Sequence<JSONValue>, in text: String) -> String {
        func texts(_ value: JSONValue) -> [String] {
            switch value {
            case .null: return []
            case .string(let string): return [string]
            case .array(let items): return items.flatMap(texts)
            default: return [value.text(.serde)]
            }
        }
        return SecretScrubber(secrets: secrets.flatMap(texts)).scrub(text)
    }

    /// `input` checked against the interface as coglet checks a request's (unknown keys dropped,
    /// JSON Schema, nulls injected); any object is taken as it is when there is no interface.
    func validatedInput(_ input: JSONValue, interface: PredictorInterface?, isTraining: Bool) -> Result<[String: JSONValue], HTTPValidationFailure> {
        guard let interface else {
            if case .object(let values) = input { return .success(values.dictionary) }
            return .success([:])
        }
        return validators.validator(for: interface, mode: isTraining ? .train : .predict).validate(input)
    }

    /// For an owner that never called `run()` (a queue worker without a listener): waits for
    /// running predictions and pending `completed` webhooks (at most 10 s), then stops the backend.
    public func finishWithoutListening() async {
        await registry.waitUntilIdle()
        await webhooks.tracker.waitForAll(limit: .seconds(10))
        await backend.shutdown()
    }

    /// Predictions running now (a queue worker's busy slots).
    public func runningPredictionCount() async -> Int {
        await registry.runningCount
    }
}
