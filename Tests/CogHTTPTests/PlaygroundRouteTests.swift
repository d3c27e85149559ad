// The playground's routes: the page and its files with a strict CSP, GET / by Accept, the in-flight poll, --no-playground.
import CogCore
@testable import CogHTTP
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct PlaygroundRouteTests {
    static let browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    static let rootJSON = #"{"cog_version":"0.23.1","docs_url":"/docs","healthcheck_url":"/health-check","openapi_url":"/openapi.json","predictions_cancel_url":"/predictions/{prediction_id}/cancel","predictions_idempotent_url":"/predictions/{prediction_id}","predictions_url":"/predictions","shutdown_url":"/shutdown"}"#
    static let csp = HTTPField.Name("Content-Security-Policy")!

    @Test func pageIsHTMLWithAStrictContentSecurityPolicy() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            let response = try await client.execute(uri: "/playground", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let policy = try #require(response.headers[Self.csp])
            #expect(policy == "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; media-src 'self' data: blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
            for forbidden in ["http:", "https:", "*", "unsafe-inline", "unsafe-eval"] {
                #expect(!policy.contains(forbidden), "CSP allows \(forbidden)")
            }
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(response.text.hasPrefix("<!doctype html>"))
            #expect(response.text.contains(#"<script src="/playground/playground.js" defer></script>"#))
            #expect(response.text.contains(#"<link rel="stylesheet" href="/playground/playground.css">"#))
        }
    }

    @Test func filesAreServedWithTheirTypesAndReferenceNothingElsewhere() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            var texts: [String] = []
            for (uri, type) in [
                ("/playground", "text/html; charset=utf-8"), ("/playground/playground.css", "text/css; charset=utf-8"),
                ("/playground/playground.js", "text/javascript; charset=utf-8"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == type, "\(uri)")
                #expect(response.headers[Self.csp] != nil, "\(uri)")
                #expect(response.text.count > 500, "\(uri)")
                texts.append(response.text)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == .ok && head.text.isEmpty, "HEAD \(uri)")
            }
            // No assets from the internet: no absolute URLs, no inline scripts or handlers.
            for text in texts {
                // (The favicon is an inline SVG data URL; its namespace is a name, not a request.)
                let text = text.replacingOccurrences(of: "xmlns='http://www.w3.org/2000/svg'", with: "")
                #expect(!text.contains("http://") && !text.contains("https://"))
                #expect(!text.contains("@import"))
            }
            #expect(!texts[0].contains("<script>") && !texts[0].contains(" onclick=") && !texts[0].contains(" style="))
            for (uri, status) in [("/playground/", HTTPResponse.Status.notFound), ("/playground/nope.js", .notFound), ("/playground/a/b/c", .notFound)] {
                #expect(try await client.execute(uri: uri, method: .get).status == status, "\(uri)")
            }
            #expect(try await client.execute(uri: "/playground", method: .post).status == .methodNotAllowed)
        }
    }

    @Test func uploadURLOriginIsTheOnlyOtherImageSource() async throws {
        let server = makeServer(FakeBackend()) { $0.uploadURL = "https://bucket.example.com:8443/outputs/run?sig=x" }
        try await server.makeApplication().test(.router) { client in
            let policy = try await client.execute(uri: "/playground", method: .get).headers[Self.csp] ?? ""
            #expect(policy.contains("img-src 'self' data: blob: https://bucket.example.com:8443;"))
            #expect(policy.contains("media-src 'self' data: blob: https://bucket.example.com:8443;"))
            #expect(policy.contains("connect-src 'self';"))
        }
        #expect(PlaygroundRoutes.origin(of: "http://[::1]:9000/up") == "http://[::1]:9000")
        #expect(PlaygroundRoutes.origin(of: "ftp://example.com/") == nil)
        #expect(PlaygroundRoutes.origin(of: "not a url") == nil)
    }

    @Test func rootStaysJSONForAPIClientsAndLinksThePlaygroundForBrowsers() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            for accept in [nil, "*/*", "application/json", "application/json, text/html;q=0.5", "text/html;q=0, */*"] as [String?] {
                let headers: HTTPFields = accept.map { [.accept: $0] } ?? [:]
                let response = try await client.execute(uri: "/", method: .get, headers: headers)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json", "Accept: \(accept ?? "none")")
                #expect(response.text == Self.rootJSON, "Accept: \(accept ?? "none")")
            }
            for accept in [Self.browserAccept, "text/html", "text/*"] {
                let response = try await client.execute(uri: "/", method: .get, headers: [.accept: accept])
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "Accept: \(accept)")
                #expect(response.headers[.vary] == "Accept")
                #expect(response.headers[Self.csp] != nil)
                #expect(response.text.contains(#"href="/playground""#))
            }
        }
    }

    @Test func noPlaygroundAnswers404AndKeepsRootJSON() async throws {
        let server = makeServer(FakeBackend()) { $0.playgroundEnabled = false }
        try await server.makeApplication().test(.router) { client in
            for uri in ["/playground", "/playground/playground.js", "/playground/playground.css", "/playground/predictions/x"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.text == "")
            }
            let root = try await client.execute(uri: "/", method: .get, headers: [.accept: Self.browserAccept])
            #expect(root.headers[.contentType] == "application/json")
            #expect(root.text == Self.rootJSON)
        }
    }

    @Test func pollShowsAnInFlightPredictionWithoutItsInput() async throws {
        let secretInterface = PredictorInterface(
            method: .run, kind: .class,
            inputs: [
                InputParameter(name: "text", order: 0, type: .string, declaredDefault: nil),
                InputParameter(name: "token", order: 1, type: .secret, declaredDefault: nil),
            ],
            output: .string)
        let backend = FakeBackend(predict: secretInterface, script: { job, progress, backend in
            progress(.log(text: "working\n", source: "stdout"))
            progress(.metric(name: "steps", value: .int(2), mode: "replace"))
            await backend.waitForCancel(job.id)
            return .canceled(metrics: [:])
        })
        try await makeServer(backend).makeApplication().test(.router) { client in
            #expect(try await client.execute(uri: "/playground/predictions/pg_1", method: .get).status == .notFound)
            let created = try await client.send(
                "/predictions/pg_1", method: .put, json: #"{"input":{"text":"a","token":"hunter2-secret"}}"#, headers: [("Prefer", "respond-async")])
            #expect(created.status == .accepted)
            try await eventually { await backend.isRunning("pg_1") }
            try await eventually {
                (try? await client.execute(uri: "/playground/predictions/pg_1", method: .get).text.contains("working")) == true
            }
            let poll = try await client.execute(uri: "/playground/predictions/pg_1", method: .get)
            #expect(poll.status == .ok)
            #expect(poll.headers[.cacheControl] == "no-store")
            #expect(poll.json?["status"] == .string("processing"))
            #expect(poll.json?["logs"] == .string("working\n"))
            #expect(poll.json?["metrics"]?["steps"] == .int(2))
            #expect(poll.json?["input"] == nil)
            #expect(!poll.text.contains("hunter2"))
            // Predictions and trainings are told apart.
            #expect(try await client.execute(uri: "/playground/trainings/pg_1", method: .get).status == .notFound)
            try await client.execute(uri: "/predictions/pg_1/cancel", method: .post)
            try await eventually {
                (try? await client.execute(uri: "/playground/predictions/pg_1", method: .get).status) == .notFound
            }
        }
    }

    @Test func playgroundRunKeepsTheLogsOfAFailedPrediction() async throws {
        let backend = FakeBackend(script: { _, progress, _ in
            progress(.log(text: "about to fail\n", source: "stdout"))
            return .failed(PredictionFailure(typeName: "ValueError", message: "boom", origin: .predictorRaised), metrics: [:])
        })
        try await makeServer(backend).makeApplication().test(.router) { client in
            let cog = try await client.send("/predictions/f1", method: .put, json: #"{"input":{"text":"a"}}"#)
            #expect(cog.json?["status"] == .string("failed"))
            #expect(cog.json?["logs"] == .string(""))
            let playground = try await client.send("/playground/predictions/f2", method: .put, json: #"{"input":{"text":"a"}}"#)
            #expect(playground.status == .ok)
            #expect(playground.json?["status"] == .string("failed"))
            #expect(playground.json?["logs"] == .string("about to fail\n"))
            #expect(playground.json?["error"] == .string("Prediction failed: Prediction failed: ValueError: boom"))
            #expect(playground.json?["input"] == nil)
            // The same validation as Cog's endpoint.
            let invalid = try await client.send("/playground/predictions/f3", method: .put, json: #"{"input":{"text":5}}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.json?["detail"] != nil)
            #expect(try await client.send("/playground/playground.js", method: .put, json: "{}").status == .methodNotAllowed)
        }
        let disabled = makeServer(FakeBackend()) { $0.playgroundEnabled = false }
        try await disabled.makeApplication().test(.router) { client in
            let response = try await client.send("/playground/predictions/f4", method: .put, json: #"{"input":{"text":"a"}}"#)
            #expect(response.status == .notFound)
        }
    }

    @Test func acceptPreference() {
        func prefersHTML(_ accept: String) -> Bool {
            AcceptPreference([.accept: accept]).prefers("text/html", over: "application/json")
        }
        #expect(prefersHTML(Self.browserAccept))
        #expect(prefersHTML("TEXT/HTML"))
        #expect(!prefersHTML("*/*"))
        #expect(!prefersHTML("application/json"))
        #expect(!prefersHTML("text/html;q=0.5, application/json"))
        #expect(!prefersHTML("text/html;q=0"))
        #expect(prefersHTML("text/html; charset=utf-8; q=0.9, application/json; q=0.1"))
        #expect(AcceptPreference([.accept: "text/*;q=0.3, text/html;q=0.7, */*;q=0.1"]).quality(of: "text/plain") == 0.3)
    }
}
