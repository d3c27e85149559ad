// GET /, /health-check, /openapi.json, POST /shutdown, unknown paths/methods, request-shape errors.
import CogCore
@testable import CogHTTP
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOPosix
import Synchronization
import Testing

@Suite struct RouteTests {
    @Test func rootDocument() async throws {
        let backend = FakeBackend()
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.text == #"{"cog_version":"0.23.1","docs_url":"/docs","healthcheck_url":"/health-check","openapi_url":"/openapi.json","predictions_cancel_url":"/predictions/{prediction_id}/cancel","predictions_idempotent_url":"/predictions/{prediction_id}","predictions_url":"/predictions","shutdown_url":"/shutdown"}"#)
        }
        await backend.setInterfaces(predict: FakeBackend.textInterface, train: FakeBackend.textInterface)
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.json?["trainings_url"] == .string("/trainings"))
            #expect(response.json?["trainings_idempotent_url"] == .string("/trainings/{training_id}"))
            #expect(response.json?["trainings_cancel_url"] == .string("/trainings/{training_id}/cancel"))
        }
    }

    @Test func unknownPathsAndMethods() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            for (uri, method, status) in [
                ("/nope", HTTPRequest.Method.get, HTTPResponse.Status.notFound), ("/predictions/", .post, .notFound),
                ("/predictions/x/stream", .get, .notFound), ("/docs", .get, .notFound),
                ("/predictions/x", .get, .methodNotAllowed), ("/predictions", .get, .methodNotAllowed),
                ("/health-check", .post, .methodNotAllowed), ("/shutdown", .get, .methodNotAllowed),
                ("/predictions/x/cancel", .get, .methodNotAllowed), ("/trainings", .put, .methodNotAllowed),
            ] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == status, "\(method) \(uri)")
                #expect(response.text == "")
            }
        }
    }

    @Test func healthCheckReady() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            let response = try await client.execute(uri: "/health-check", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == #"{"status":"READY","setup":{"started_at":"2026-11-18T11:06:40.250+00:00","completed_at":"2026-11-18T11:06:41.500+00:00","status":"succeeded"},"version":{"coglet":"0.23.1","python_sdk":"0.23.1","python":"3.11.2"}}"#)
        }
    }

    @Test func healthCheckStartingAndSetupFailed() async throws {
        let backend = FakeBackend(setup: SetupReport(status: .starting, startedAt: Date(timeIntervalSince1970: 1_795_000_000.123456789)))
        try await makeServer(backend).makeApplication().test(.router) { client in
            let starting = try await client.execute(uri: "/health-check", method: .get)
            #expect(starting.json?["status"] == .string("STARTING"))
            #expect(starting.json?["setup"]?["status"] == .string("starting"))
            #expect(starting.json?["setup"]?["completed_at"] == nil)
            let startedAt = starting.json?["setup"]?["started_at"]?.string ?? ""
            #expect(startedAt.hasPrefix("2026-11-18T11:06:40.123456") && startedAt.hasSuffix("+00:00") && startedAt.count == 35)
            await backend.setSetup(SetupReport(status: .failed, startedAt: Date(timeIntervalSince1970: 0), completedAt: Date(timeIntervalSince1970: 1), logs: "setup failed: RuntimeError: weights missing"))
            let failed = try await client.execute(uri: "/health-check", method: .get)
            #expect(failed.json?["status"] == .string("SETUP_FAILED"))
            #expect(failed.json?["setup"]?["logs"] == .string("setup failed: RuntimeError: weights missing"))
            #expect(failed.json?["setup"]?["started_at"] == .string("1970-01-01T00:00:00+00:00"))
            #expect(await backend.healthcheckCalls == 0)
        }
    }

    @Test func healthCheckUnhealthyTimeoutAndSharedCall() async throws {
        let backend = FakeBackend()
        await backend.setHealthcheck(.unhealthy("Healthcheck failed: user-defined healthcheck returned False"))
        let server = makeServer(backend) { $0.healthcheckTimeout = .milliseconds(300) }
        try await server.makeApplication().test(.router) { client in
            let unhealthy = try await client.execute(uri: "/health-check", method: .get)
            #expect(unhealthy.json?["status"] == .string("UNHEALTHY"))
            #expect(unhealthy.json?["user_healthcheck_error"] == .string("Healthcheck failed: user-defined healthcheck returned False"))

            await backend.setHealthcheck(.healthy, delay: .seconds(10))
            let before = await backend.healthcheckCalls
            // Both answer with the timeout's message, so neither waited for the 10 s call (no
            // wall-clock bound: a loaded CI machine makes those flaky).
            async let first = client.execute(uri: "/health-check", method: .get)
            async let second = client.execute(uri: "/health-check", method: .get)
            let (a, b) = try await (first, second)
            for response in [a, b] {
                #expect(response.json?["status"] == .string("UNHEALTHY"))
                #expect(response.json?["user_healthcheck_error"] == .string("Healthcheck failed: user-defined healthcheck timed out after 0.3 seconds"))
            }
            #expect(await backend.healthcheckCalls == before + 1)
        }
        #expect(HealthChecker.timeoutMessage(.seconds(5)) == "Healthcheck failed: user-defined healthcheck timed out after 5.0 seconds")
    }

    @Test func healthCheckBusy() async throws {
        let backend = FakeBackend(script: FakeBackend.waitsForCancel)
        try await makeServer(backend).makeApplication().test(.router) { client in
            let accepted = try await client.send("/predictions", json: #"{"id":"b1","input":{"text":"x"}}"#, headers: [("Prefer", "respond-async")])
            #expect(accepted.status == .accepted)
            let busy = try await client.execute(uri: "/health-check", method: .get)
            #expect(busy.json?["status"] == .string("BUSY"))
            try await client.execute(uri: "/predictions/b1/cancel", method: .post)
            try await eventually { await !backend.isRunning("b1") }
            try await eventually {
                (try? await client.execute(uri: "/health-check", method: .get).json?["status"]) == .string("READY")
            }
        }
    }

    @Test func openAPIDocument() async throws {
        let backend = FakeBackend(setup: SetupReport(status: .starting, startedAt: Date()))
        try await makeServer(backend).makeApplication().test(.router) { client in
            let unavailable = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(unavailable.status == .serviceUnavailable)
            #expect(unavailable.text == #"{"error":"OpenAPI schema not available"}"#)
            await backend.setSetup(FakeBackend.readySetup)
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let expected = OpenAPISchemaGenerator().document(for: FakeBackend.textInterface, mode: .predict).sortingAllKeys()
            #expect(response.text == expected.text(.serde))
            #expect(response.text.contains(#""Input":{"properties":{"text":{"title":"Text","type":"string","x-order":0}},"required":["text"],"title":"Input","type":"object"}"#))
            await backend.setInterfaces(predict: FakeBackend.textInterface, train: FakeBackend.textInterface)
            let merged = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(merged.json?["components"]?["schemas"]?["TrainingInput"] != nil)
            #expect(merged.json?["paths"]?["/trainings"] != nil)
        }
    }

    @Test func shutdownCallsHookAndStopsRun() async throws {
        let backend = FakeBackend()
        let called = Flag()
        let server = makeServer(backend) { $0.onShutdown = { await called.set() } }
        try await server.makeApplication().test(.router) { client in
            let response = try await client.execute(uri: "/shutdown", method: .post)
            #expect(response.status == .ok)
            #expect(response.text == "{}")
            try await eventually { await called.value }
        }
    }

    @Test func theShutdownActionRunsOnceWhetherTheBodyIsWrittenOrDropped() {
        // Written: fire() runs it, and the release afterwards does not run it again.
        let count = Mutex(0)
        do {
            let fired = OneShot { count.withLock { $0 += 1 } }
            fired.fire()
            fired.fire()
        }
        #expect(count.withLock { $0 } == 1)
        // Dropped (the client left before the head went out, so the body never ran): the
        // release runs it.
        do { _ = OneShot { count.withLock { $0 += 1 } } }
        #expect(count.withLock { $0 } == 2)
    }

    @Test func runStopsOnShutdownAndShutsTheBackendDown() async throws {
        let backend = FakeBackend()
        let server = makeServer(backend) { $0.port = 0 }
        let (listening, announce) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await server.run(onListening: { announce.yield($0) }) }
        // Shut down once it listens (a shutdown before `run()` started is honoured too, but
        // that is not what this test is about): the port the kernel chose is announced then.
        var ports = listening.makeAsyncIterator()
        let port = try #require(await ports.next())
        #expect(port > 0)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
        try await channel.close().get()
        await server.shutdown()
        try await running.value
        #expect(await backend.shutDown)
    }

    @Test func requestShapeErrors() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            var form = HTTPFields()
            form[.contentType] = "application/x-www-form-urlencoded"
            let unsupported = try await client.execute(uri: "/predictions", method: .post, headers: form, body: ByteBuffer(string: "a=b"))
            #expect(unsupported.status == .unsupportedMediaType)
            #expect(unsupported.text == "Expected request with `Content-Type: application/json`")

            let malformed = try await client.send("/predictions", json: "{a")
            #expect(malformed.status == .badRequest)
            #expect(malformed.text == "Failed to parse the request body as JSON: key must be a string at line 1 column 2")

            let wrongType = try await client.send("/predictions", json: #"{"id":5}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.text == "Failed to deserialize the JSON body into the target type: id: invalid type: integer `5`, expected a string at line 1 column 7")

            let badFilter = try await client.send("/predictions", json: #"{"webhook_events_filter":["start","nope"]}"#)
            #expect(badFilter.status == .unprocessableContent)
            #expect(badFilter.text == "Failed to deserialize the JSON body into the target type: webhook_events_filter[1]: unknown variant `nope`, expected one of `start`, `output`, `logs`, `completed` at line 1 column 40")

            let badContext = try await client.send("/predictions", json: #"{"context":{"k":1}}"#)
            #expect(badContext.text == "Failed to deserialize the JSON body into the target type: context.k: invalid type: integer `1`, expected a string at line 1 column 17")

            // Positions over several lines (counted newline to newline).
            let multiLine = try await client.send("/predictions", json: "{\n  \"input\": {\"text\": \"a\nb\"},\n\n  \"id\": 5\n}")
            #expect(multiLine.text == "Failed to parse the request body as JSON: control character (\\u0000-\\u001F) found while parsing a string at line 3 column 0")
            let laterLine = try await client.send("/predictions", json: "{\n  \"input\": {\"text\": \"a\"},\n\n  \"id\": 5\n}")
            #expect(laterLine.text == "Failed to deserialize the JSON body into the target type: id: invalid type: integer `5`, expected a string at line 4 column 9")

            // No body and no Content-Type: treated as {} (then input validation).
            let empty = try await client.execute(uri: "/predictions", method: .post)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text == #"{"detail":[{"loc":["body","input","text"],"msg":"Field required","type":"value_error.missing"}]}"#)
        }
    }

    @Test func bodyLimit() async throws {
        let server = makeServer(FakeBackend()) { $0.maxBodyBytes = 64 }
        try await server.makeApplication().test(.router) { client in
            let big = #"{"input":{"text":""# + String(repeating: "x", count: 100) + #""}}"#
            let response = try await client.send("/predictions", json: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.text == "Request body too large: the limit is 64 bytes")
        }
    }
}

actor Flag {
    private(set) var value = false
    func set() { value = true }
}
