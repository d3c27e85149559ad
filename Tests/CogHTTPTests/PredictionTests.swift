// POST/PUT /predictions and /trainings: sync, async, idempotent PUT, cancel, 409, 503, ids.
import CogCore
@testable import CogHTTP
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct PredictionTests {
    @Test func syncSuccess() async throws {
        let backend = FakeBackend(script: { job, progress, _ in
            progress(.log(text: "hello\n", source: "stdout"))
            progress(.metric(name: "tokens", value: .int(3), mode: "replace"))
            progress(.output(.json(.string("hi"))))
            return .succeeded(output: .json(.string("hi")), metrics: ["tokens": .int(3), "predict_time": .double(9)])
        })
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"id":"p1","input":{"text":"a","unknown":1},"context":{"k":"v"}}"#)
            #expect(response.status == .ok)
            #expect(response.textWithoutPredictTime == #"{"id":"p1","logs":"hello\n","metrics":{"predict_time":T,"tokens":3},"output":"hi","status":"succeeded"}"#)
            let jobs = await backend.jobs
            #expect(jobs == [PredictionJob(id: "p1", input: ["text": .string("a")], context: ["k": "v"])])
        }
    }

    @Test func generatedIDs() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"input":{"text":"a"}}"#)
            let id = response.json?["id"]?.string ?? ""
            #expect(id.hasPrefix("pred_") && id.count >= 20)
            #expect(UInt64(id.dropFirst(5), radix: 16).map { $0 > 1_700_000_000 * 1_000_000_000 } == true)
        }
    }

    @Test(arguments: [
        (FailureOrigin.predictorRaised, false, "Prediction failed: Prediction failed: ValueError: boom"),
        (.predictorRaised, true, "Prediction failed: Training failed: ValueError: boom"),
        (.asyncPredictorRaised, false, "Prediction failed: Async prediction failed: ValueError: boom"),
        (.asyncPredictorRaised, true, "Prediction failed: Async training failed: ValueError: boom"),
        (.iteratorRaised, false, "Prediction failed: Generator iteration error: ValueError: boom"),
        (.inputPreparation, false, "Input validation error: boom"),
        (.workerCrashed, false, "Worker crashed"),
        (.host, false, "Prediction failed: cog-host internal error: boom"),
    ])
    func failureTexts(origin: FailureOrigin, training: Bool, expected: String) async throws {
        let backend = FakeBackend(train: FakeBackend.textInterface, script: { _, progress, _ in
            progress(.log(text: "partial\n", source: "stderr"))
            progress(.output(.json(.string("a"))))
            let error = origin == .workerCrashed ? PredictionFailure(typeName: "", message: "Worker crashed", origin: origin)
                : PredictionFailure(typeName: origin == .inputPreparation || origin == .host ? "" : "ValueError", message: "boom", origin: origin)
            return .failed(error, metrics: [:])
        })
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.send(training ? "/trainings" : "/predictions", json: #"{"id":"f1","input":{"text":"a"}}"#)
            #expect(response.status == .ok)
            #expect(response.textWithoutPredictTime == #"{"error":"# + JSONStringLiteral.quote(expected, escapesHTML: false) + #","id":"f1","logs":"","metrics":{"predict_time":T},"status":"failed"}"#)
        }
        #expect(PredictionFailure(typeName: "KeyboardInterrupt", message: "", origin: .predictorRaised).httpErrorText(isTraining: false)
            == "Prediction failed: Prediction failed: KeyboardInterrupt: ")
        #expect(PredictionFailure(typeName: "SystemExit", message: "3", origin: .predictorRaised).httpErrorText(isTraining: false) == "Prediction failed: Prediction failed: SystemExit: 3")
        #expect(PredictionFailure(typeName: "TypeError", message: "Object of type bytes is not JSON serializable", origin: .outputEncoding)
            .httpErrorText(isTraining: false) == "Prediction failed: Failed to serialize output: TypeError: Object of type bytes is not JSON serializable")
        #expect(PredictionFailure.host("x").origin.party == .host && PredictionFailure.input("x").origin.party == .input)
        #expect(FailureOrigin.outputEncoding.party == .userCode && FailureOrigin.workerCrashed.party == .workerCrash)
    }

    @Test func asyncRespondsAcceptedAndRuns() async throws {
        let backend = FakeBackend()
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"id":"a1","input":{"text":"x"}}"#, headers: [("Prefer", "respond-async")])
            #expect(response.status == .accepted)
            #expect(response.text == #"{"id":"a1","status":"starting"}"#)
            try await eventually { await backend.jobs.count == 1 }
            try await eventually { (try? await client.execute(uri: "/health-check", method: .get).json?["status"]) == .string("READY") }
            // Not exactly "respond-async": synchronous.
            let sync = try await client.send("/predictions", json: #"{"input":{"text":"x"}}"#, headers: [("Prefer", "respond-async, wait=5")])
            #expect(sync.status == .ok)
            #expect(sync.json?["status"] == .string("succeeded"))
        }
    }

    @Test func idempotentPutEchoesMaskedInput() async throws {
        let interface = PredictorInterface(method: .run, kind: .class, inputs: [
            InputParameter(name: "key", order: 0, type: .secret, declaredDefault: nil),
            InputParameter(name: "keys", order: 1, type: .list(.secret), declaredDefault: nil),
            InputParameter(name: "maybe", order: 2, type: .optional(.secret), declaredDefault: .null),
            InputParameter(name: "t", order: 3, type: .number, declaredDefault: nil),
        ], output: .string)
        let backend = FakeBackend(predict: interface, script: { job, progress, backend in
            progress(.log(text: "tick 0\n", source: "stdout"))
            await backend.waitForCancel(job.id)
            return .canceled(metrics: [:])
        })
        let server = makeServer(backend)
        try await server.makeApplication().test(.router) { client in
            let body = #"{"input":{"key":"topsecret","keys":["a","b"],"t":1.5}}"#
            let first = try await client.send("/predictions/p1", method: .put, json: body, headers: [("Prefer", "respond-async")])
            #expect(first.status == .accepted)
            #expect(first.text == #"{"id":"p1","status":"starting"}"#)
            try await eventually { await backend.isRunning("p1") }
            // Its log line reached the prediction's state (progress is applied on its own task).
            try await eventually { await server.registry.run(withID: "p1")?.snapshot().logs == "tick 0\n" }
            let again = try await client.send("/predictions/p1", method: .put, json: #"{"id":"p1","input":{"key":"other"}}"#)
            #expect(again.status == .accepted)
            #expect(again.text == #"{"id":"p1","input":{"key":"**********","keys":["**********","**********"],"t":1.5},"logs":"tick 0\n","metrics":{},"status":"processing"}"#)
            #expect(!again.text.contains("topsecret"))
            #expect(await backend.jobs.count == 1)
            #expect(await backend.jobs.first?.input["key"] == .string("topsecret"))

            let mismatch = try await client.send("/predictions/p1", method: .put, json: #"{"id":"p2"}"#)
            #expect(mismatch.status == .unprocessableContent)
            #expect(mismatch.text == #"{"detail":[{"loc":["body","id"],"msg":"prediction ID must match the ID supplied in the URL","type":"value_error"}]}"#)

            let cancel = try await client.execute(uri: "/predictions/p1/cancel", method: .post)
            #expect(cancel.status == .ok)
            #expect(cancel.text == "{}")
            try await eventually { await !backend.isRunning("p1") }
            // Ended canceled: a repeated cancel still answers 200 (cog-host's deliberate difference).
            try await eventually { await server.registry.wasRecentlyCanceled("p1") }
            #expect(try await client.execute(uri: "/predictions/p1/cancel", method: .post).status == .ok)
            let unknown = try await client.execute(uri: "/predictions/nope/cancel", method: .post)
            #expect(unknown.status == .notFound)
            #expect(unknown.text == "{}")

            // Finished predictions are forgotten: the same id runs again.
            await backend.setScript(FakeBackend.echo)
            let rerun = try await client.send("/predictions/p1", method: .put, json: #"{"input":{"key":"k","keys":[],"t":1}}"#)
            #expect(rerun.status == .ok)
            #expect(rerun.json?["status"] == .string("succeeded"))
        }
    }

    @Test func trainingPutMismatchWording() async throws {
        try await makeServer(FakeBackend(train: FakeBackend.textInterface)).makeApplication().test(.router) { client in
            let mismatch = try await client.send("/trainings/t1", method: .put, json: #"{"id":"t2"}"#)
            #expect(mismatch.text == #"{"detail":[{"loc":["body","id"],"msg":"training ID must match the ID supplied in the URL","type":"value_error"}]}"#)
            let run = try await client.send("/trainings/t1", method: .put, json: #"{"input":{"text":"z"}}"#)
            #expect(run.json?["output"] == .string("hello z"))
        }
    }

    @Test func generatedIDsAreUniqueEvenWithinOneClockTick() {
        let ids = (0..<20_000).map { _ in PredictionRoutes.generatedID() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("pred_") })
    }

    // Sync requests watch their connection for a disconnect, so these run over real sockets:
    // the sync POST and the cancel each on their own connection, as real clients do.
    @Test func syncCancelReturnsCanceledBody() async throws {
        let backend = FakeBackend(script: FakeBackend.waitsForCancel)
        try await makeServer(backend).makeApplication().test(.live) { client in
            let port = try #require(client.port)
            async let response = LiveRequest.send(port: port, path: "/predictions", json: #"{"id":"sc1","input":{"text":"x"}}"#)
            try await eventually { await backend.isRunning("sc1") }
            let cancel = try await LiveRequest.send(port: port, path: "/predictions/sc1/cancel")
            #expect(cancel.status == 200)
            let result = try await response
            #expect(result.status == 200)
            #expect(result.textWithoutPredictTime == #"{"id":"sc1","logs":"","metrics":{"predict_time":T},"status":"canceled"}"#)
        }
    }

    @Test func repeatedCancelOfACanceledPredictionIsStillOK() async throws {
        let backend = FakeBackend(script: FakeBackend.waitsForCancel)
        try await makeServer(backend).makeApplication().test(.live) { client in
            let port = try #require(client.port)
            async let response = LiveRequest.send(port: port, path: "/predictions", json: #"{"id":"rc1","input":{"text":"x"}}"#)
            try await eventually { await backend.isRunning("rc1") }
            #expect(try await LiveRequest.send(port: port, path: "/predictions/rc1/cancel").status == 200)
            _ = try await response
            #expect(try await LiveRequest.send(port: port, path: "/predictions/rc1/cancel").status == 200)
            #expect(try await LiveRequest.send(port: port, path: "/predictions/never-seen/cancel").status == 404)
        }
    }

    @Test func atCapacityAndNotReady() async throws {
        let backend = FakeBackend(script: FakeBackend.waitsForCancel)
        try await makeServer(backend).makeApplication().test(.router) { client in
            try await client.send("/predictions", json: #"{"id":"c1","input":{"text":"x"}}"#, headers: [("Prefer", "respond-async")])
            let busy = try await client.send("/predictions", json: #"{"id":"c2","input":{"text":"x"}}"#)
            #expect(busy.status == .conflict)
            #expect(busy.text == #"{"error":"At capacity - all prediction slots busy","status":"failed"}"#)
            // Validation comes before the slot check.
            let invalid = try await client.send("/predictions", json: #"{"input":{"text":5}}"#)
            #expect(invalid.status == .unprocessableContent)
            try await client.execute(uri: "/predictions/c1/cancel", method: .post)
            try await eventually { await !backend.isRunning("c1") }
        }
        let starting = FakeBackend(setup: SetupReport(status: .starting, startedAt: Date()))
        try await makeServer(starting).makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"input":{"text":"x"}}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(response.text == #"{"error":"Setup has not finished yet. Wait until it has finished, or GET /health-check for status.","status":"failed"}"#)
        }
    }

    @Test func twoSlotsRunTogether() async throws {
        let backend = FakeBackend(slots: 2, script: FakeBackend.waitsForCancel)
        try await makeServer(backend).makeApplication().test(.router) { client in
            for id in ["s1", "s2"] {
                let response = try await client.send("/predictions", json: #"{"id":"\#(id)","input":{"text":"x"}}"#, headers: [("Prefer", "respond-async")])
                #expect(response.status == .accepted)
            }
            let third = try await client.send("/predictions", json: #"{"id":"s3","input":{"text":"x"}}"#)
            #expect(third.status == .conflict)
            for id in ["s1", "s2"] { try await client.execute(uri: "/predictions/\(id)/cancel", method: .post) }
        }
    }

    @Test func invalidIDs() async throws {
        try await makeServer(FakeBackend()).makeApplication().test(.router) { client in
            for body in [#"{"id":"a/b"}"#, #"{"id":"../x"}"#, #"{"id":"a\u0001"}"#, #"{"id":"\#(String(repeating: "x", count: 257))"}"#] {
                let response = try await client.send("/predictions", json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(response.json?["detail"] != nil)
            }
            let encoded = try await client.send("/predictions/a%2Fb", method: .put, json: "{}")
            #expect(encoded.status == .unprocessableContent)
            #expect(encoded.text == #"{"detail":[{"loc":["body","id"],"msg":"prediction ID must not contain '/'","type":"value_error"}]}"#)
        }
    }

    @Test func twoThousandSequentialPredictionsNeverConflict() async throws {
        let backend = FakeBackend(script: { job, _, _ in
            .succeeded(output: .json(job.input["text"] ?? .null), metrics: [:])
        })
        try await makeServer(backend).makeApplication().test(.router) { client in
            var succeeded = 0
            for index in 0..<2000 {
                let response = try await client.send("/predictions", json: #"{"input":{"text":"\#(index)"}}"#)
                if response.status == .ok, response.json?["output"] == .string(String(index)) { succeeded += 1 }
            }
            #expect(succeeded == 2000)
        }
    }
}
