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
}
