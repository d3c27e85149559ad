// Loading predictors into the interface model, and how user exceptions come back.
import CogCore
@testable import CogPython
import Foundation
import Testing

@Suite(.serialized) struct PythonPredictorTests {
    func load(_ fixture: String, _ name: String = "") throws -> PythonPredictor {
        try TestInterpreter.start()
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

    @Test func missingFileIsAnInvalidPredictor() throws {
        try TestInterpreter.start()
        #expect(throws: SetupError.self) { try PythonPredictor.load(reference: "/nonexistent/predict.py", mode: .predict) }
    }
}

extension PredictionOutcome {
    var output: OutputValue? {
        if case .succeeded(let output, _) = self { return output }
        return nil
    }
}

@Suite(.serialized) struct InterfaceModelTests {
    @Test func everyInputKindAndAnIteratorOfModelsOutput() throws {
        try TestInterpreter.start()
        let interface = try PythonPredictor.load(reference: "\(TestInterpreter.fixtures)/kinds/predict.py", mode: .predict).interface
        let types = Dictionary(uniqueKeysWithValues: interface.inputs.map { ($0.name, $0.type) })
        #expect(types["image"] == .path)
        #expect(types["doc"] == .optional(.file))
        #expect(types["pages"] == .list(.path))
        #expect(types["tags"] == .list(.string))
        #expect(types["options"] == .dictionary)
        #expect(types["anything"] == .any)
        #expect(types["value"] == .union([.string, .integer]))
        #expect(types["mode"] == .literal([.string("fast"), .string("slow")]))
        #expect(types["key"] == .secret)
        #expect(types["keys"] == .optional(.secret))
        #expect(interface.input(named: "image")?.accept == "image/*")
        #expect(interface.input(named: "image")?.description == "An image")
        #expect(interface.input(named: "pages")?.isRequired == true, "list with a None default is required, as in Cog")
        #expect(interface.input(named: "key")?.isRequired == false)
        #expect(interface.input(named: "key")?.isNullable == true)
        #expect(interface.isGenerator)
        #expect(interface.output == .iterator(
            .model(name: "Result", fields: [
                ModelField(name: "label", type: .string, defaultValue: nil),
                ModelField(name: "score", type: .optional(.number), defaultValue: .null),
            ]), concatenate: false, isAsync: false))
    }

    @Test func defaultsThatBreakTheirOwnConstraintsAreRejected() throws {
        try TestInterpreter.start()
        let directory = NSTemporaryDirectory() + "cog-host-defaults-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "from cog import BaseRunner, Input\n\nclass Runner(BaseRunner):\n    def run(self, num: int = Input(default=1, ge=2, le=10)) -> int:\n        return num\n"
            .write(toFile: directory + "/predict.py", atomically: true, encoding: .utf8)
        #expect(throws: SetupError.invalidPredictor("\(directory)/predict.py: invalid default for input \"num\": 1 is less than the minimum of 2")) {
            try PythonPredictor.load(reference: directory + "/predict.py", mode: .predict)
        }
    }
}
