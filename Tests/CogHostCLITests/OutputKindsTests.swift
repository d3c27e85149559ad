// End to end: every output shape and predictor form, through `cog-host run`.
import Foundation
import Testing

@Suite struct OutputKindsTests {
    @Test func fileOutputsAreWrittenLikeCog() throws {
        let project = try CogHostProcess.project([
            "predict.py": """
            import io, tempfile
            from typing import List
            from cog import BaseRunner, Path

            class Runner(BaseRunner):
                def run(self, kind: str) -> Path:
                    directory = Path(tempfile.mkdtemp())
                    if kind == "one":
                        (directory / "result.jpeg").write_bytes(b"JPEGDATA")
                        return directory / "result.jpeg"
                    if kind == "bytes":
                        return io.BytesIO(b"raw bytes")
                    paths = []
                    for i, text in enumerate(["foo", "bar"]):
                        (directory / f"part{i}.txt").write_text(text)
                        paths.append(directory / f"part{i}.txt")
                    return paths
            """,
        ])
        let one = try CogHostProcess.run(["run", "predict.py", "-i", "kind=one"], in: project)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.isEmpty)
        #expect(one.stderr.contains("Written output to: output.jpg"))
        #expect(try String(contentsOfFile: project + "/output.jpg", encoding: .utf8) == "JPEGDATA")

        let many = try CogHostProcess.run(["run", "predict.py", "-i", "kind=many"], in: project)
        #expect(many.stderr.contains("Written output to: output.0.txt") && many.stderr.contains("Written output to: output.1.txt"))
        #expect(try String(contentsOfFile: project + "/output.1.txt", encoding: .utf8) == "bar")

        let named = try CogHostProcess.run(["run", "predict.py", "-i", "kind=many", "-o", "res.md"], in: project)
        #expect(named.stderr.contains("Written output to: res.0.md"))
        let single = try CogHostProcess.run(["run", "predict.py", "-i", "kind=one", "-o", "picture"], in: project)
        #expect(single.stderr.contains("Written output to: picture.jpg"))
        let bytes = try CogHostProcess.run(["run", "predict.py", "-i", "kind=bytes"], in: project)
        #expect(bytes.stderr.contains("Written output to: output.bin"), "\(bytes.stderr)")

        let json = try CogHostProcess.run(["run", "predict.py", "--json", "{\"kind\": \"one\"}"], in: project)
        #expect(json.stdout.contains("\"output\": \"output.jpg\""), "\(json.stdout)")
    }

    @Test func modelsTypedDictsAndNestedFiles() throws {
        let project = try CogHostProcess.project([
            "predict.py": """
            import tempfile
            from typing import TypedDict
            from cog import BaseModel, BaseRunner, Path

            class Result(BaseModel):
                label: str
                score: float
                attachment: Path

            class Summary(TypedDict):
                count: int

            class Runner(BaseRunner):
                def run(self, typed: bool = False) -> Result:
                    if typed:
                        return Summary(count=3)
                    path = Path(tempfile.mkdtemp()) / "a.txt"
                    path.write_text("hi")
                    return Result(label="cat", score=0.5, attachment=path)
            """,
        ])
        let model = try CogHostProcess.run(["run", "predict.py"], in: project)
        #expect(model.status == 0, "\(model.stderr)")
        #expect(model.stdout == "{\n  \"attachment\": \"data:text/plain;base64,aGk=\",\n  \"label\": \"cat\",\n  \"score\": 0.5\n}\n")
        let typed = try CogHostProcess.run(["run", "predict.py", "-i", "typed=true"], in: project)
        #expect(typed.stdout == "{\n  \"count\": 3\n}\n")
    }

    @Test func iteratorsAsyncFormsWeightsAndMetrics() throws {
        let project = try CogHostProcess.project([
            "predict.py": """
            import asyncio
            from typing import AsyncIterator, Iterator
            from cog import AsyncConcatenateIterator, BaseRunner, ConcatenateIterator, current_scope

            class Runner(BaseRunner):
                async def setup(self, weights=None):
                    await asyncio.sleep(0)
                    self.weights = weights

                async def run(self, kind: str) -> AsyncIterator[str]:
                    scope = current_scope()
                    scope.record_metric("calls", 1, mode="incr")
                    scope.record_metric("calls", 2, mode="incr")
                    scope.record_metric("seen", kind, mode="append")
                    scope.metrics["timing.load"] = 0.25
                    for token in ["a", "b", str(self.weights)]:
                        yield token
            """,
        ])
        let result = try CogHostProcess.run(["run", "predict.py", "--json", "{\"kind\": \"x\"}"], in: project, environment: ["COG_WEIGHTS": "https://example.invalid/w.tar"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"output\": [\n    \"a\",\n    \"b\",\n    \"https://example.invalid/w.tar\"\n  ]"), "\(result.stdout)")
        #expect(result.stdout.contains("\"calls\": 3"))
        #expect(result.stdout.contains("\"seen\": [\n      \"x\"\n    ]"))
        #expect(result.stdout.contains("\"timing\": {\n      \"load\": 0.25\n    }"))
        #expect(result.stdout.contains("\"predict_time\": "))

        let plain = try CogHostProcess.run(["run", "predict.py", "-i", "kind=y"], in: project)
        #expect(plain.stdout == "[\n  \"a\",\n  \"b\",\n  \"None\"\n]\n")
    }

    @Test func metricErrorsFailThePrediction() throws {
        let project = try CogHostProcess.project([
            "predict.py": "from cog import BaseRunner, current_scope\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        current_scope().record_metric('predict_time', 1)\n        return 'x'\n",
        ])
        let result = try CogHostProcess.run(["run", "predict.py"], in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("ValueError: 'predict_time' is reserved by the runtime"))
    }

    @Test func iteratorItemsReachStdoutBeforeTheNextOneIsProduced() throws {
        let marker = NSTemporaryDirectory() + "cog-host-stream-\(UUID().uuidString)"
        let project = try CogHostProcess.project([
            "predict.py": """
            import os, time
            from typing import Iterator
            from cog import BaseRunner, ConcatenateIterator

            class Runner(BaseRunner):
                def run(self, marker: str) -> ConcatenateIterator[str]:
                    yield "first"
                    deadline = time.time() + 20
                    while not os.path.exists(marker) and time.time() < deadline:
                        time.sleep(0.02)
                    yield "last" if os.path.exists(marker) else "timed out waiting for the reader"
            """,
        ])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CogHostProcess.binary)
        process.arguments = ["run", "predict.py", "-i", "marker=\(marker)"]
        process.currentDirectoryURL = URL(fileURLWithPath: project)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var received = Data()
        // The predictor only produces "last" once the marker exists, and we create the marker only
        // after "first" has arrived on stdout: reaching the end proves the first item streamed.
        while !String(decoding: received, as: UTF8.self).contains("\"first\"") {
            guard let chunk = try output.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty else { break }
            received.append(chunk)
        }
        #expect(String(decoding: received, as: UTF8.self) == "[\n  \"first\"")
        _ = FileManager.default.createFile(atPath: marker, contents: Data())
        received.append(output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(String(decoding: received, as: UTF8.self) == "[\n  \"first\",\n  \"last\"\n]\n")
        try? FileManager.default.removeItem(atPath: marker)
    }

    @Test func predictStyleClassesWarnAboutDeprecatedSpellings() throws {
        let project = try CogHostProcess.project([
            "predict.py": "from cog import BasePredictor\n\nclass Predictor(BasePredictor):\n    def predict(self) -> str:\n        return 'ok'\n",
            "sub/.keep": "",
            "cog.yaml": "predict: predict.py:Predictor\n",
        ])
        let result = try CogHostProcess.run(["run"], in: project + "/sub")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ok\n")
        #expect(result.stderr.contains("cog: warning: Predictor.predict() is deprecated; use run() instead"))
        #expect(result.stderr.contains("cog: warning: BasePredictor is deprecated; use BaseRunner instead"))
    }
}
