// Loading predictors into the interface model, and how user exceptions come back.
import CogCore
@testable import CogPython
import Testing

@Suite(.serialized) struct PythonPredictorTests {
    func load(_ fixture: String, _ name: String = "") throws -> PythonPredictor {
        #expect(TestInterpreter.started)
        let reference = "\(TestInterpreter.fixtures)/\(fixture)/predict.py" + (name.isEmpty ? "" : ":\(name)")
        return try PythonPredictor.load(reference: reference, mode: .predict)
    }

    @Test func introspectsInputsOnceIntoTheModel() throws {
        let predictor = try load("validation")
        let interface = predictor.interface
        #expect(interface.method == .run)
        #expect(interface.kind == .class)
        #expect(interface.inputs.map(\.name) == ["prompt", "count", "ratio", "flag", "size", "title", "slug", "note", "token"])
        #expect(interface.inputs.map(\.order) == Array(0..<9))
        #expect(interface.input(named: "prompt")?.isRequired == true)
        let count = try #require(interface.input(named: "count"))
        #expect(count.type == .integer)
        #expect(count.declaredDefault == .int(5))
        #expect(count.constraints.minimum == 1 && count.constraints.maximum == 10)
        #expect(interface.input(named: "size")?.constraints.choices == [.string("small"), .string("medium"), .string("large")])
        #expect(interface.input(named: "title")?.constraints.maxLength == 5)
        #expect(interface.input(named: "slug")?.constraints.pattern == "^[a-z]+$")
        #expect(interface.input(named: "note")?.type == .optional(.string))
        #expect(interface.input(named: "token")?.type == .optional(.secret))
        #expect(interface.input(named: "ratio")?.type == .number)
    }

    @Test func functionPredictor() throws {
        let predictor = try load("function_predictor", "run")
        #expect(predictor.interface.kind == .function)
        #expect(predictor.interface.inputs.map(\.name) == ["n", "suffix"])
        #expect(predictor.predict(["n": .int(2)], onOutputItem: { _ in }).output == .array([.json(.string("item0")), .json(.string("item1"))]))
    }

    @Test func predictsWithSecretsWrappedAndDefaultsApplied() throws {
        let predictor = try load("validation")
        try predictor.setup(weights: nil)
        let outcome = predictor.predict(["prompt": .string("hi"), "token": .string("s3cret")], onOutputItem: { _ in })
        guard case .succeeded(.object(let output), let metrics) = outcome else {
            Issue.record("unexpected outcome \(outcome)")
            return
        }
        #expect(output["prompt"] == .json(.string("hi")))
        #expect(output["count"] == .json(.int(5)))
        #expect(output["note"] == .json(.null))
        #expect(output["token_type"] == .json(.string("Secret")))
        #expect(output["token"] == .json(.string("**********")))
        #expect(metrics["predict_time"] != nil)
    }

    @Test func raisingPredictorIsAFailedPrediction() throws {
        let predictor = try load("raising_predict")
        let outcome = predictor.predict(["s": .string("x")], onOutputItem: { _ in })
        guard case .failed(let error, _) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(error.typeName == "ValueError")
        #expect(error.message == "boom: x")
        #expect(error.traceback.joined().contains("raise ValueError"))
        #expect(!error.traceback.joined().contains("cog_host"))
    }

    @Test func raisingSetupIsASetupError() throws {
        let predictor = try load("raising_setup")
        do {
            try predictor.setup(weights: nil)
            Issue.record("setup did not fail")
        } catch {
            guard case .setupFailed(let user) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(user.typeName == "RuntimeError")
            #expect(user.message == "weights missing")
        }
    }

    @Test func missingFileIsAnInvalidPredictor() {
        #expect(throws: SetupError.self) { try PythonPredictor.load(reference: "/nonexistent/predict.py", mode: .predict) }
    }
}

extension PredictionOutcome {
    var output: OutputValue? {
        if case .succeeded(let output, _) = self { return output }
        return nil
    }
}
