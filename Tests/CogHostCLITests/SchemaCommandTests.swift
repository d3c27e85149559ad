// `cog-host schema` end to end: the documents are reviewed golden files.
import Foundation
import Testing

@Suite struct SchemaCommandTests {
    func golden(_ name: String) throws -> String {
        try String(contentsOfFile: CogHostProcess.repositoryRoot + "/Tests/CogHostCLITests/Golden/" + name, encoding: .utf8)
    }

    @Test func everyInputKindAndAnIteratorOutput() throws {
        let result = try CogHostProcess.run(["schema", "predict.py:Runner"], in: CogHostProcess.fixtures + "/kinds")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try golden("kinds-schema.json")))
    }

    @Test func predictAndTrainAreMergedFromCogYAML() throws {
        let result = try CogHostProcess.run(["schema"], in: CogHostProcess.fixtures + "/train_and_predict")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try golden("train-and-predict-schema.json")))
    }

    @Test func compactOutputIsCogsFileFormat() throws {
        let result = try CogHostProcess.run(["schema", "--compact", "predict.py"], in: CogHostProcess.fixtures + "/train_and_predict")
        #expect(result.stdout.hasPrefix("{\"components\":{\"schemas\":{\"Input\":{\"properties\":{\"prompt\":{\"description\":\"What to say\",\"title\":\"Prompt\",\"type\":\"string\",\"x-order\":0}},\"required\":[\"prompt\"],\"title\":\"Input\",\"type\":\"object\"}"))
        #expect(!result.stdout.contains("\n  "))
    }

    @Test func invalidPredictorsFailWithTheReason() throws {
        let project = try CogHostProcess.project(["predict.py": "from cog import BaseRunner, Input\n\nclass Runner(BaseRunner):\n    def run(self, name: str = Input(accept='text/plain')) -> str:\n        return name\n"])
        let result = try CogHostProcess.run(["schema", "predict.py"], in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("accept is only valid on Path or File inputs (parameter 'name')"))
    }
}
