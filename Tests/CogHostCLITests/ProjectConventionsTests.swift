// End to end: what real Cog projects lean on — @cog.concurrent(max=N), Python's own PYTHON*
// variables, and context variables that live across an async generator's yields.
import CogEnvironment
import Foundation
import Testing

@Suite struct ProjectConventionsTests {
    static let concurrentPredictor = #"""
    import asyncio, time
    from cog import BaseRunner, concurrent

    class Runner(BaseRunner):
        @concurrent(max=4)
        async def run(self, seconds: float = 1.0) -> float:
            started = time.monotonic()
            await asyncio.sleep(seconds)
            return started
    """#

    /// Four requests at once, each sleeping `seconds`: with four slots they all run together.
    static func fourAtOnce(_ server: ServeProcess) async throws -> [(Int, String)] {
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for _ in 0..<4 {
                group.addTask { try await server.request("POST", "/predictions", body: #"{"input":{"seconds":1.0}}"#) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func theConcurrentDecoratorSizesTheSlots() async throws {
        let project = try CogHostProcess.project(["predict.py": Self.concurrentPredictor, "cog.yaml": "run: predict.py:Runner\n"])
        let server = try ServeProcess(project: project)
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        let answers = try await Self.fourAtOnce(server)
        #expect(answers.allSatisfy { $0.0 == 200 }, "\(answers)")
        // The four ran at once: every one started before any other had finished (1 s each).
        let starts = answers.compactMap { answer -> Double? in
            guard let document = try? JSONSerialization.jsonObject(with: Data(answer.1.utf8)) as? [String: Any] else { return nil }
            return document["output"] as? Double
        }
        #expect(starts.count == 4 && (starts.max()! - starts.min()!) < 0.9, "\(starts)")
    }

    @Test func cogYAMLAndTheVariableComeBeforeTheDecorator() async throws {
        let project = try CogHostProcess.project(["predict.py": Self.concurrentPredictor, "cog.yaml": "run: predict.py:Runner\nconcurrency:\n  max: 1\n"])
        let server = try ServeProcess(project: project)
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        let answers = try await Self.fourAtOnce(server)
        #expect(answers.filter { $0.0 == 409 }.count == 3, "concurrency.max 1 wins: \(answers.map(\.0))")

        let variable = try ServeProcess(project: project, environment: ["COG_MAX_CONCURRENCY": "4"])
        defer { _ = variable.stop() }
        try await variable.waitForStatus("READY")
        let fromVariable = try await Self.fourAtOnce(variable)
        #expect(fromVariable.allSatisfy { $0.0 == 200 }, "COG_MAX_CONCURRENCY 4 wins: \(fromVariable.map(\.0))")
    }

    @Test func theQualifiedDecoratorOnPredictCountsToo() async throws {
        let project = try CogHostProcess.project([
            "predict.py": """
            import asyncio, time
            import cog

            class Predictor(cog.BasePredictor):
                @cog.concurrent( max = 2 )
                async def predict(self, seconds: float = 1.0) -> float:
                    started = time.monotonic()
                    await asyncio.sleep(seconds)
                    return started
            """,
            "cog.yaml": "predict: predict.py:Predictor\n",
        ])
        let server = try ServeProcess(project: project)
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        let answers = try await Self.fourAtOnce(server)
        #expect(answers.filter { $0.0 == 200 }.count == 2 && answers.filter { $0.0 == 409 }.count == 2, "\(answers.map(\.0))")
    }

    /// What each PYTHON* variable changes, as one JSON line.
    static let probe = #"""
    import faulthandler, json, os, sys
    def python_facts():
        return json.dumps({
            "dont_write_bytecode": sys.flags.dont_write_bytecode,
            "hash_randomization": sys.flags.hash_randomization,
            "hash_of_text": hash("cog-host") if sys.flags.hash_randomization == 0 else None,
            "optimize": sys.flags.optimize,
            "warnoptions": sys.warnoptions,
            "faulthandler": faulthandler.is_enabled(),
            "int_max_str_digits": sys.get_int_max_str_digits(),
            "dev_mode": sys.flags.dev_mode,
            "extra_path": "/tmp/cog-host-extra-path" in sys.path,
            "no_user_site": sys.flags.no_user_site,
            "warn_default_encoding": sys.flags.warn_default_encoding,
        }, sort_keys=True)
    """#

    static let variables: [[String: String]] = [
        ["PYTHONDONTWRITEBYTECODE": "1"],
        ["PYTHONHASHSEED": "0"],
        ["PYTHONOPTIMIZE": "1"],
        ["PYTHONWARNINGS": "error::DeprecationWarning"],
        ["PYTHONFAULTHANDLER": "1"],
        ["PYTHONINTMAXSTRDIGITS": "10000"],
        ["PYTHONDEVMODE": "1"],
        ["PYTHONPATH": "/tmp/cog-host-extra-path"],
        ["PYTHONNOUSERSITE": "1"],
        ["PYTHONWARNDEFAULTENCODING": "1"],
    ]

    @Test func pythonVariablesAreHonouredAsPython3HonoursThem() throws {
        let project = try CogHostProcess.project([
            "predict.py": Self.probe + "\nfrom cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        return python_facts()\n",
            "cog.yaml": "run: predict.py:Runner\n",
        ])
        let unset = ["PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "PYTHONOPTIMIZE", "PYTHONWARNINGS", "PYTHONFAULTHANDLER", "PYTHONDEVMODE"]
        for variable in [[:]] + Self.variables {
            let stock = try CogHostProcess.run(["-c", Self.probe + "\nprint(python_facts())"], in: project, environment: variable, removing: unset, executable: try TestPython.executable())
            let hosted = try CogHostProcess.run(["run"], in: project, environment: variable, removing: unset)
            #expect(hosted.status == 0, "\(variable): \(hosted.stderr)")
            #expect(hosted.stdout == stock.stdout, "\(variable)")
        }
    }

    @Test func bytecodeIsWrittenOnlyWhenPythonWouldWriteIt() throws {
        let files = ["predict.py": "from helper import answer\nfrom cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> int:\n        return answer\n",
                     "helper.py": "answer = 42\n", "cog.yaml": "run: predict.py:Runner\n"]
        let quiet = try CogHostProcess.project(files)
        _ = try CogHostProcess.run(["run"], in: quiet, environment: ["PYTHONDONTWRITEBYTECODE": "1"])
        #expect(!FileManager.default.fileExists(atPath: quiet + "/__pycache__"))
        let writing = try CogHostProcess.project(files)
        _ = try CogHostProcess.run(["run"], in: writing, removing: ["PYTHONDONTWRITEBYTECODE"])
        #expect(FileManager.default.fileExists(atPath: writing + "/__pycache__"))
    }

    @Test func pythonHomeIsPassedOnButNotUsed() throws {
        let project = try CogHostProcess.project([
            "predict.py": "import os, subprocess, sys\nfrom cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        child = subprocess.run(['sh', '-c', 'echo $PYTHONHOME'], capture_output=True, text=True).stdout.strip()\n        return os.environ['PYTHONHOME'] + ' ' + child + ' ' + sys.prefix\n",
            "cog.yaml": "run: predict.py:Runner\n",
        ])
        let result = try CogHostProcess.run(["run"], in: project, environment: ["PYTHONHOME": "/nonexistent/home"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "/nonexistent/home /nonexistent/home \(try TestPython.installation().prefix)\n", "\(result.stdout)")
    }

    @Test(arguments: ["run", "serve"]) func contextVariablesLiveAcrossAnAsyncGeneratorsYields(_ how: String) async throws {
        let project = try CogHostProcess.project([
            "predict.py": #"""
            import contextvars
            from typing import AsyncIterator
            from cog import BaseRunner

            span = contextvars.ContextVar("span", default="none")

            class Runner(BaseRunner):
                async def run(self, n: int = 2) -> AsyncIterator[str]:
                    token = span.set("request")  # as OpenTelemetry's context.attach does
                    for index in range(n):
                        yield f"{index} in {span.get()}"
                    span.reset(token)  # detach: raises if this step runs in another context
                    yield f"after {span.get()}"
            """#,
            "cog.yaml": "run: predict.py:Runner\n",
        ])
        if how == "run" {
            let result = try CogHostProcess.run(["run", "--json", "{}"], in: project)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(#""0 in request""#) && result.stdout.contains(#""after none""#), "\(result.stdout)")
            return
        }
        let server = try ServeProcess(project: project)
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        for _ in 0..<3 {
            let (_, body) = try await server.request("POST", "/predictions", body: #"{"input":{}}"#)
            #expect(body.contains(#""output":["0 in request","1 in request","after none"]"#), "\(body)")
        }
    }
}
