// Predictions from a queue run through the same pipeline as POST /predictions (no sockets, a fake backend).
import CogCore
@testable import CogHTTP
import Foundation
import Testing

@Suite struct DetachedPredictionTests {
    static let secretInterface = PredictorInterface(method: .run, kind: .class, inputs: [
        InputParameter(name: "text", order: 0, type: .string, declaredDefault: nil),
        InputParameter(name: "token", order: 1, type: .secret, declaredDefault: nil),
    ], output: .string)

    @Test func aStoredRequestRunsWithItsSecretAndEndsWithCogsDocument() async throws {
        let backend = FakeBackend(predict: Self.secretInterface, script: { job, progress, _ in
            progress(.log(text: "étape 1\n", source: "stdout"))
            var token = ""
            if case .string(let value)? = job.input["token"] { token = value }
            return .succeeded(output: .json(.string("token has \(token.count) chars")), metrics: [:])
        })
        let server = makeServer(backend)
        let request = DetachedPredictionRequest(id: "job-1", body: #"{"input": {"text": "héllo", "token": "**********"}}"#,
                                                secretInputs: #"{"token": "sk-123456"}"#)
        let prediction = try await server.startDetached(request).get()
        var changes = 0
        for await _ in prediction.changes { changes += 1 }
        let result = await prediction.result()
        #expect(result.status == .succeeded)
        #expect(changes >= 1, "the owner was told of the log")
        // The backend got the real value; the document has it masked, and Cog's fields.
        #expect(await backend.jobs.first?.input["token"] == .string("sk-123456"))
        #expect(!result.document.contains("sk-123456"))
        #expect(result.document.contains(#""token":"**********""#), "\(result.document)")
        #expect(result.document.contains(#""output":"token has 9 chars""#))
        #expect(result.document.contains(#""logs":"étape 1\n""#))
        #expect(result.document.contains(#""status":"succeeded""#) && result.document.contains("predict_time"))
        #expect(await server.runningPredictionCount() == 0)
    }

    @Test func anInvalidInputEndsFailedNamingTheInput() async throws {
        let server = makeServer(FakeBackend(predict: Self.secretInterface))
        let outcome = await server.startDetached(DetachedPredictionRequest(id: "job-2", body: #"{"input": {"token": "**********"}}"#))
        guard case .failure(.invalid(let result)) = outcome else {
            Issue.record("expected a rejection, got \(outcome)")
            return
        }
        #expect(result.status == .failed)
        #expect(result.document.contains("invalid input \\\"text\\\""), "\(result.document)")
        let notJSON = await server.startDetached(DetachedPredictionRequest(id: "job-3", body: "{not json"))
        guard case .failure(.invalid) = notJSON else {
            Issue.record("expected a rejection of a body that is not JSON")
            return
        }
    }

    @Test func beforeSetupEndsOrWithEverySlotBusyTheJobIsNotStarted() async throws {
        let backend = FakeBackend(setup: SetupReport(status: .starting), script: FakeBackend.waitsForCancel)
        let server = makeServer(backend)
        let early = await server.startDetached(DetachedPredictionRequest(id: "a", body: #"{"input": {"text": "x"}}"#))
        guard case .failure(.notReady) = early else {
            Issue.record("expected not ready, got \(early)")
            return
        }
        await backend.setSetup(FakeBackend.readySetup)
        let first = try await server.startDetached(DetachedPredictionRequest(id: "b", body: #"{"input": {"text": "x"}}"#)).get()
        let second = await server.startDetached(DetachedPredictionRequest(id: "c", body: #"{"input": {"text": "y"}}"#))
        guard case .failure(.notReady(let reason)) = second else {
            Issue.record("expected at capacity, got \(second)")
            return
        }
        #expect(reason.contains("capacity"))
        await first.cancel()
        #expect(await first.result().status == .canceled)
    }

    /// A Secret the job holds only as its mask (no sealed value came with it) is refused, not
    /// run with "**********"; a sealed value the validator refuses is not quoted in the error
    /// (the queue stores the error).
    @Test func aSecretWithoutItsValueIsRefusedAndARefusedValueIsNotQuoted() async throws {
        let server = makeServer(FakeBackend(predict: Self.secretInterface))
        let masked = await server.startDetached(DetachedPredictionRequest(id: "m", body: #"{"input": {"text": "x", "token": "**********"}}"#))
        guard case .failure(.invalid(let refused)) = masked else {
            Issue.record("expected a rejection, got \(masked)")
            return
        }
        #expect(refused.document.contains("invalid input \\\"token\\\"") && refused.document.contains("only its mask"), "\(refused.document)")

        let wrongType = await server.startDetached(DetachedPredictionRequest(
            id: "w", body: #"{"input": {"text": "x", "token": "**********"}}"#, secretInputs: #"{"token": 8675309123}"#))
        guard case .failure(.invalid(let invalid)) = wrongType else {
            Issue.record("expected a rejection, got \(wrongType)")
            return
        }
        #expect(invalid.document.contains("token"), "\(invalid.document)")
        #expect(!invalid.document.contains("8675309123"), "\(invalid.document)")
    }

    /// An abandoned prediction (its job went back to the queue) ends without its `completed`
    /// webhook; a canceled one announces its end.
    @Test func anAbandonedPredictionSendsNoCompletedWebhook() async throws {
        let receiver = Receiver()
        let server = makeServer(FakeBackend(script: FakeBackend.waitsForCancel)) { $0.webhookThrottleInterval = .zero }
        try await withReceiver(receiver) { port in
            let body = #"{"input": {"text": "x"}, "webhook": "http://127.0.0.1:\#(port)/hook", "webhook_events_filter": ["completed"]}"#
            let abandoned = try await server.startDetached(DetachedPredictionRequest(id: "gone", body: body)).get()
            await abandoned.abandon()
            #expect(await abandoned.result().status == .canceled)
            let canceled = try await server.startDetached(DetachedPredictionRequest(id: "stopped", body: body)).get()
            await canceled.cancel()
            #expect(await canceled.result().status == .canceled)
            await server.webhooks.tracker.waitForAll(limit: .seconds(10))
        }
        let ids = await receiver.bodies().compactMap { body -> String? in
            if case .string(let id)? = body["id"] { return id }
            return nil
        }
        #expect(ids == ["stopped"], "\(ids)")
    }
}
