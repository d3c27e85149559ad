// Sends a prediction's webhooks as coglet does: filtered, throttled, terminal ones retried.
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// `traceparent`/`tracestate` of the creating request, copied onto its webhooks.
struct TraceHeaders: Equatable, Sendable {
    var traceparent: String?
    var tracestate: String?
}

/// One prediction's webhook: which events it wants and when the last non-terminal one went out.
/// Decisions are made synchronously, in event order, by the prediction that owns it; the
/// requests themselves run in their own tasks.
struct WebhookSender: Sendable {
    let url: String
    let events: Set<WebhookEvent>
    let trace: TraceHeaders
    let poster: WebhookPoster
    private var lastSent: ContinuousClock.Instant?

    init(url: String, events: Set<WebhookEvent>, trace: TraceHeaders, poster: WebhookPoster) {
        self.url = url
        self.events = events
        self.trace = trace
        self.poster = poster
    }

    /// A non-terminal event: `output` always goes out, `start` and `logs` only if the throttle
    /// interval has passed since the last non-terminal webhook (dropped otherwise).
    /// `body` is built only when the event passes the filter and the throttle: it is the whole
    /// prediction so far, which grows with every log line.
    mutating func send(_ event: WebhookEvent, body makeBody: () -> String) {
        guard events.contains(event), event != .completed else { return }
        let now = ContinuousClock.now
        if event != .output, let lastSent, now - lastSent < poster.throttleInterval { return }
        lastSent = now
        let (url, trace, poster, body) = (url, trace, poster, makeBody())
        Task { _ = await poster.post(url: url, body: body, trace: trace) }
    }

    /// The `completed` event, retried on connection errors and 429/5xx; the returned task ends
    /// when it was delivered or given up.
    @discardableResult
    func sendTerminal(body: String) -> Task<Void, Never>? {
        guard events.contains(.completed) else { return nil }
        let (url, trace, poster) = (url, trace, poster)
        let task = Task { await poster.postRetrying(url: url, body: body, trace: trace) }
        Task { await poster.tracker.track(task) }
        return task
    }
}

/// Posts webhook bodies with coglet's headers; shared by all predictions of a server.
struct WebhookPoster: Sendable {
    /// Made on the first post: a server that never posts a webhook never starts an HTTP client
    /// (and its TLS stack).
    let client: @Sendable () -> HTTPClient
    let authToken: String?
    let userAgent: String
    let throttleInterval: Duration
    /// Delay before retry n (1-based) is `retryBase × 2^min(n, 10)`.
    let retryBase: Duration
    let maxRetries: Int
    let tracker: TaskTracker

    static let retryStatuses: Set<UInt> = [429, 500, 502, 503, 504]

    enum Result: Equatable {
        case status(UInt)
        case connectionError
    }

    func post(url: String, body: String, trace: TraceHeaders) async -> Result {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: userAgent)
        request.headers.add(name: "accept", value: "*/*")
        if let authToken { request.headers.add(name: "authorization", value: "Bearer \(authToken)") }
        if let traceparent = trace.traceparent { request.headers.add(name: "traceparent", value: traceparent) }
        if let tracestate = trace.tracestate { request.headers.add(name: "tracestate", value: tracestate) }
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client().execute(request, timeout: .seconds(30))
            _ = try? await response.body.collect(upTo: 1 << 20)
            return .status(response.status.code)
        } catch {
            return .connectionError
        }
    }

    func postRetrying(url: String, body: String, trace: TraceHeaders) async {
        var attempt = 0
        while true {
            let result = await post(url: url, body: body, trace: trace)
            switch result {
            case .status(let code) where (200..<300).contains(code): return
            case .status(let code) where !Self.retryStatuses.contains(code): return
            default: break
            }
            attempt += 1
            if attempt > maxRetries { return }
            try? await Task.sleep(for: retryBase * (1 << min(attempt, 10)))
        }
    }
}

/// Remembers unfinished background tasks (terminal webhooks) so shutdown can wait for them.
actor TaskTracker {
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var nextKey = 0

    func track(_ task: Task<Void, Never>) {
        let key = nextKey
        nextKey += 1
        tasks[key] = task
        Task {
            await task.value
            self.finished(key)
        }
    }

    private func finished(_ key: Int) { tasks[key] = nil }

    /// Waits for the tracked tasks, at most `limit`.
    func waitForAll(limit: Duration) async {
        let pending = Array(tasks.values)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for task in pending { await task.value }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }
}
