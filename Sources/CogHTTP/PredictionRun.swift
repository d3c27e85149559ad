// The live state of one prediction: status, logs, outputs, metrics, its webhook and SSE stream.
import CogCore
import Foundation

/// One in-flight prediction (or training). Every change goes through this actor in the order
/// the backend reported it, and each change fans out to SSE subscribers and the webhook.
actor PredictionRun {
    let id: String
    let isTraining: Bool
    /// The validated input with secrets masked, for the PUT echo.
    let echoedInput: [String: JSONValue]
    /// Created through SSE: canceled when its last SSE client goes away.
    let cancelsWhenStreamsClose: Bool
    let createdAt = ContinuousClock.now

    private(set) var status: PredictionStatus = .starting
    private var logs = ""
    private var chunks: [JSONValue] = []
    private var finalOutput: JSONValue?
    private var error: String?
    private var metrics = MetricSet()
    private var finalMetrics: [String: JSONValue]?
    private var webhook: WebhookSender?
    private var events: StreamEventHub
    /// Told of every change, for an owner outside HTTP (a queue) that stores the state as it
    /// goes; finished when the completion is announced.
    private var changes: AsyncStream<Void>.Continuation?
    /// Whether a cancel was asked for (the handshake holds it).
    var cancelRequested: Bool { cancelHandshake.isCancelRequested }
    /// Whether the cancel goes to the backend now or when it accepts the job.
    let cancelHandshake = CancelHandshake()

    init(id: String, isTraining: Bool, echoedInput: [String: JSONValue], cancelsWhenStreamsClose: Bool,
         webhook: WebhookSender?, historyCapacity: Int, streamsEvents: Bool) {
        self.id = id
        self.isTraining = isTraining
        self.echoedInput = echoedInput
        self.cancelsWhenStreamsClose = cancelsWhenStreamsClose
        self.webhook = webhook
        self.events = StreamEventHub(capacity: historyCapacity)
        self.streamsEvents = streamsEvents
    }

    /// The predictor can stream (SSE): events are kept for subscribers, now or later. Otherwise
    /// nobody can ever subscribe, and events are not built at all.
    private let streamsEvents: Bool

    /// Keeps an SSE event for subscribers (the event is only built when the predictor streams)
    /// and tells the change observer, if there is one.
    private func publish(_ event: @autoclosure () -> StreamEvent) {
        if streamsEvents { events.publish(event()) }
        changes?.yield()
    }

    /// A stream that yields after each change (at most one pending: a slow reader sees the
    /// latest state, not every step) and ends once the completion was announced.
    func observeChanges() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        changes = continuation
        return stream
    }

    // MARK: Snapshots

    /// The state snapshot (with `predict_time` once terminal).
    func snapshot(includingInput: Bool = false) -> PredictionSnapshot {
        PredictionSnapshot(
            id: id, status: status, logs: logs,
            output: finalOutput ?? (chunks.isEmpty ? nil : .array(chunks)),
            error: error, metrics: finalMetrics ?? metrics.values, input: includingInput ? echoedInput : nil)
    }

    private var elapsedSeconds: Double {
        let elapsed = ContinuousClock.now - createdAt
        return elapsed.seconds
    }

    func snapshotText(includingInput: Bool = false) -> String {
        (try? WireJSONEncoder.encode(snapshot(includingInput: includingInput))).map { $0.text(.serde) } ?? "{}"
    }

    // MARK: Progress

    /// Dispatched to the backend: `processing`, the `start` event and webhook.
    func markProcessing() {
        guard status == .starting else { return }
        status = .processing
        publish(StreamEvent(name: "start", data: .object(["id": .string(id), "status": .string(status.rawValue)])))
        webhook?.send(.start) { snapshotText() }
    }

    func appendLog(_ text: String, source: String) {
        guard !status.isTerminal else { return }
        logs += text
        publish(StreamEvent(name: "log", data: .object(["data": .string(text), "source": .string(source)])))
        webhook?.send(.logs) { snapshotText() }
    }

    func appendOutput(_ chunk: JSONValue) {
        guard !status.isTerminal else { return }
        let index = chunks.count
        chunks.append(chunk)
        publish(StreamEvent(name: "output", data: .object(["chunk": chunk, "index": .int(index)])))
        webhook?.send(.output) { snapshotText() }
    }

    func recordMetric(name: String, value: JSONValue, mode: String) {
        guard !status.isTerminal, MetricSet.isValidName(name) else { return }
        metrics.apply(name: name, value: value, mode: mode)
        publish(StreamEvent(name: "metric", data: .object(["mode": .string(mode), "name": .string(name), "value": value])))
    }

    // MARK: Cancel

    /// Records a cancel request; returns whether the backend is running it (and must be told).
    func requestCancel() -> Bool {
        cancelHandshake.requestCancel()
    }

    /// Whether the job may be handed to the backend: false when it was canceled before that.
    func beginBackendRun() -> Bool {
        !cancelRequested
    }

    // MARK: Completion

    /// Sets the terminal state (not yet announced: see `announceCompletion`).
    func finish(status terminal: PredictionStatus, output: JSONValue?, error: String?, outcomeMetrics: [String: JSONValue]) {
        guard !status.isTerminal else { return }
        var values = metrics.merged(with: outcomeMetrics)
        values["predict_time"] = .double(elapsedSeconds)
        finalMetrics = values
        status = terminal
        if terminal == .succeeded { finalOutput = output ?? .null }
        self.error = terminal == .failed ? error : nil
    }

    /// No more webhooks for this run: its end is not this run's to announce (a queued job that
    /// went back to the queue, or to another worker).
    func dropWebhook() {
        webhook = nil
    }

    /// Sends the `completed` SSE event and webhook. Called after the slot was released.
    func announceCompletion() {
        changes?.finish()
        changes = nil
        guard streamsEvents || webhook != nil else { return }
        let text = snapshotText()
        publish(StreamEvent(name: "completed", dataText: text))
        webhook?.sendTerminal(body: text)
        webhook = nil
    }

    // MARK: SSE subscribers

    func subscribe() -> (UUID, AsyncStream<StreamEvent>)? { events.subscribe() }

    func keepAlive(_ subscriber: UUID) { events.keepAlive(subscriber) }

    /// Forgets a subscriber; returns whether the prediction should now be canceled (it was
    /// created through SSE, is still running and has no subscriber left).
    func unsubscribe(_ subscriber: UUID) -> Bool {
        guard events.unsubscribe(subscriber) else { return false }
        return cancelsWhenStreamsClose && events.subscriberCount == 0 && !status.isTerminal
    }
}
