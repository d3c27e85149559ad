// Webhooks against a local receiver: events, filter, throttle, headers, terminal retries.
import AsyncHTTPClient
import CogCore
@testable import CogHTTP
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct WebhookTests {
    static let streaming: FakeScript = { _, progress, _ in
        progress(.log(text: "one\n", source: "stdout"))
        progress(.output(.json(.string("a"))))
        progress(.log(text: "two\n", source: "stderr"))
        progress(.output(.json(.string("b"))))
        return .succeeded(output: .array([.json(.string("a")), .json(.string("b"))]), metrics: [:])
    }

    @Test func eventsHeadersAndCompletedPayload() async throws {
        let receiver = Receiver()
        let backend = FakeBackend(script: Self.streaming)
        let server = makeServer(backend) {
            $0.webhookAuthToken = "tok"
            $0.webhookThrottleInterval = .zero
        }
        try await withReceiver(receiver) { port in
            try await server.makeApplication().test(.router) { client in
                let response = try await client.send(
                    "/predictions", json: #"{"id":"w1","input":{"text":"x"},"webhook":"http://127.0.0.1:\#(port)/hook"}"#,
                    headers: [("Prefer", "respond-async"), ("traceparent", "00-abc-def-01"), ("tracestate", "k=v")])
                #expect(response.status == .accepted)
                // All six: the non-terminal ones are posted on tasks of their own, so they can
                // arrive after the completed one.
                try await eventually {
                    let bodies = await receiver.bodies()
                    return bodies.count >= 6 && bodies.contains { $0["status"] == .string("succeeded") }
                }
            }
        }
        let requests = await receiver.requests
        #expect(requests.count == 6)  // start, logs, output, logs, output, completed
        for request in requests {
            #expect(request.method == .post)
            #expect(request.headers[.contentType] == "application/json")
            #expect(request.headers[.userAgent] == "coglet/0.23.1")
            #expect(request.headers[.authorization] == "Bearer tok")
            #expect(request.headers[HTTPField.Name("traceparent")!] == "00-abc-def-01")
            #expect(request.headers[HTTPField.Name("tracestate")!] == "k=v")
        }
        let bodies = await receiver.bodies()
        #expect(bodies.contains { $0["status"] == .string("processing") && $0["output"] == nil && $0["metrics"] == .object([:]) })
        let completed = bodies.first { $0["status"] == .string("succeeded") }
        #expect(completed?["output"] == .array([.string("a"), .string("b")]))
        #expect(completed?["logs"] == .string("one\ntwo\n"))
        #expect(completed?["metrics"]?["predict_time"] != nil)
        #expect(completed?["input"] == nil)
    }

    @Test func filterAndThrottle() async throws {
        let receiver = Receiver()
        let backend = FakeBackend(script: Self.streaming)
        let server = makeServer(backend) { $0.webhookThrottleInterval = .seconds(10) }
        try await withReceiver(receiver) { port in
            try await server.makeApplication().test(.router) { client in
                // Sync requests send webhooks too. Logs right after start are throttled away.
                let response = try await client.send("/predictions", json: #"{"input":{"text":"x"},"webhook":"http://127.0.0.1:\#(port)/all"}"#)
                #expect(response.json?["status"] == .string("succeeded"))
                try await client.send("/predictions", json: #"{"input":{"text":"x"},"webhook":"http://127.0.0.1:\#(port)/filtered","webhook_events_filter":["output"]}"#)
                try await eventually { await receiver.requests.filter { $0.path == "/all" }.count == 4 }
                try await eventually { await receiver.requests.filter { $0.path == "/filtered" }.count == 2 }
                // Nothing more comes: no event marks "no further webhook", so this waits a while.
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let all = await receiver.bodies(path: "/all")
        #expect(all.count == 4)  // start, output a, output b, completed
        #expect(all.filter { $0["status"] == .string("processing") }.count == 3)
        let filtered = await receiver.bodies(path: "/filtered")
        #expect(filtered.count == 2)
        #expect(filtered.allSatisfy { $0["status"] == .string("processing") })
    }

    @Test func completedIsRetried() async throws {
        let receiver = Receiver(statuses: [.serviceUnavailable, .tooManyRequests, .ok])
        let backend = FakeBackend()
        let server = makeServer(backend) {
            $0.webhookRetryBase = .milliseconds(5)
            $0.webhookThrottleInterval = .zero
        }
        try await withReceiver(receiver) { port in
            try await server.makeApplication().test(.router) { client in
                try await client.send("/predictions", json: #"{"input":{"text":"x"},"webhook":"http://127.0.0.1:\#(port)/r","webhook_events_filter":["completed"]}"#)
                try await eventually { await receiver.requests.count == 3 }
            }
        }
        let completed = await receiver.bodies().filter { $0["status"] == .string("succeeded") }
        #expect(completed.count == 3)
    }

    @Test func completedRetriedOnConnectionErrorsThenGivesUp() async {
        let poster = WebhookPoster(
            client: { OutboundHTTPClient.shared }, authToken: nil, userAgent: "coglet/0.23.1", throttleInterval: .zero,
            retryBase: .milliseconds(1), maxRetries: 3, tracker: TaskTracker())
        let started = ContinuousClock.now
        // Port 9 on 127.0.0.1: connection refused.
        await poster.postRetrying(url: "http://127.0.0.1:9/x", body: "{}", trace: TraceHeaders())
        // Generous bound: the whole suite shares two cores, and the end-to-end tests that wait
        // for processes can hold both threads of the concurrency pool for a while (a CI run
        // measured 54 s; alone it takes 0.06 s). A hang would not end at all.
        #expect(ContinuousClock.now - started < .seconds(180))
    }
}
