// End to end: a failing predictor's status and `error` are Cog's, word for word, over HTTP and
// in the CLI (sync, generator, async and async-generator predictors).
import Foundation
import Testing

@Suite struct ErrorTextTests {
    static let errors = #"""
    import asyncio

    class ModerationError(Exception):
        pass

    def fail(kind):
        if kind == "custom":
            raise ModerationError("Content flagged: NSFW")
        if kind == "empty":
            raise ValueError()
        if kind == "interrupt":
            raise KeyboardInterrupt()
        if kind == "cancelled":
            raise asyncio.CancelledError()
    """#

    static let predictors: [String: String] = [
        "sync.py": errors + #"""

        from cog import BaseRunner

        class Runner(BaseRunner):
            def run(self, kind: str) -> str:
                fail(kind)
                return "ok"
        """#,
        "generator.py": errors + #"""

        from typing import Iterator
        from cog import BaseRunner

        class Runner(BaseRunner):
            def run(self, kind: str, before: int = 0) -> Iterator[str]:
                for step in range(before):
                    yield f"token {step}"
                fail(kind)
                yield "never"
        """#,
        "async_run.py": errors + #"""

        from cog import BaseRunner

        class Runner(BaseRunner):
            async def run(self, kind: str) -> str:
                await asyncio.sleep(0)
                fail(kind)
                return "ok"
        """#,
        "async_generator.py": errors + #"""

        from typing import AsyncIterator
        from cog import BaseRunner

        class Runner(BaseRunner):
            async def run(self, kind: str, before: int = 0) -> AsyncIterator[str]:
                for step in range(before):
                    yield f"token {step}"
                fail(kind)
                yield "never"
        """#,
    ]

    /// (predictor file, input, Cog's status, Cog's error) as measured on cog 0.23.1 + coglet 0.23.1.
    static let cases: [(file: String, input: String, status: String, error: String?)] = [
        ("sync.py", #"{"kind":"custom"}"#, "failed", "Prediction failed: Prediction failed: ModerationError: Content flagged: NSFW"),
        ("sync.py", #"{"kind":"empty"}"#, "failed", "Prediction failed: Prediction failed: ValueError: "),
        ("sync.py", #"{"kind":"interrupt"}"#, "failed", "Prediction failed: Prediction failed: KeyboardInterrupt: "),
        ("generator.py", #"{"kind":"custom"}"#, "failed", "Prediction failed: Generator iteration error: ModerationError: Content flagged: NSFW"),
        ("generator.py", #"{"kind":"custom","before":2}"#, "failed", "Prediction failed: Generator iteration error: ModerationError: Content flagged: NSFW"),
        ("generator.py", #"{"kind":"interrupt","before":1}"#, "failed", "Prediction failed: Generator iteration error: KeyboardInterrupt: "),
        ("async_run.py", #"{"kind":"custom"}"#, "failed", "Prediction failed: Async prediction failed: ModerationError: Content flagged: NSFW"),
        ("async_run.py", #"{"kind":"cancelled"}"#, "canceled", nil),
        ("async_generator.py", #"{"kind":"custom"}"#, "failed", "Prediction failed: Async prediction failed: ModerationError: Content flagged: NSFW"),
        ("async_generator.py", #"{"kind":"custom","before":2}"#, "failed", "Prediction failed: Async prediction failed: ModerationError: Content flagged: NSFW"),
        ("async_generator.py", #"{"kind":"cancelled","before":1}"#, "canceled", nil),
    ]

    @Test(arguments: ["sync.py", "generator.py", "async_run.py", "async_generator.py"])
    func serveReportsCogsStatusAndError(file: String) async throws {
        let project = try CogHostProcess.project(Self.predictors.merging(["cog.yaml": "run: \(file):Runner\n"]) { first, _ in first })
        let server = try ServeProcess(project: project)
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        for (_, input, status, error) in Self.cases.filter({ $0.file == file }) {
            let (code, body) = try await server.request("POST", "/predictions", body: #"{"input":\#(input)}"#)
            #expect(code == 200, "\(input): \(body)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
            #expect(document["status"] as? String == status, "\(file) \(input): \(body)")
            #expect(document["error"] as? String == error, "\(file) \(input): \(body)")
        }
        // The worker survives a KeyboardInterrupt the predictor raised: the next one runs.
        let (_, after) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"none"}}"#)
        #expect(after.contains(#""status":"succeeded""#), "\(after)")
    }

    @Test func cliPrintsCogsErrorText() throws {
        let project = try CogHostProcess.project(Self.predictors)
        for (file, input, status, error) in Self.cases where file == "sync.py" || input.contains("before") {
            let result = try CogHostProcess.run(["run", "\(file):Runner", "--json", input], in: project)
            #expect(result.status == 1, "\(file) \(input): \(result.stdout)")
            #expect(result.stderr.hasSuffix("Prediction failed with status \"\(status)\": \(error ?? "")\n"), "\(file) \(input): \(result.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
            #expect(document["error"] as? String == error ?? "", "\(file) \(input)")
        }
    }

    @Test func ctrlCStillCancelsTheCLIsPrediction() throws {
        let project = try CogHostProcess.project(["predict.py": #"""
            import sys, time
            from cog import BaseRunner

            class Runner(BaseRunner):
                def run(self) -> str:
                    print("started", file=sys.stderr, flush=True)
                    time.sleep(60)
                    return "slept"
            """#])
        // Ctrl-C once the prediction has started.
        let (status, seen) = try CogHostProcess.interrupt(["run", "predict.py:Runner"], in: project, when: "started\n", with: SIGINT)
        #expect(status == 1)
        #expect(seen.hasSuffix("Prediction failed with status \"canceled\": \n"), "\(seen)")
    }
}
