// The worker process under its supervisor: crashes, exits, hangs and cancels never take the server down.
import CogCore
import CogWorker
import Foundation
import Testing

@Suite struct WorkerSupervisorTests {
    static let predictor = """
    import os, signal, subprocess, sys, time, ctypes
    from cog import BaseRunner

    class Runner(BaseRunner):
        def setup(self):
            print("setting up")

        def run(self, action: str, n: int = 1) -> str:
            print(f"running {action}")
            if action == "exit":
                sys.exit(3)
            if action == "hard-exit":
                os._exit(7)
            if action == "segfault":
                ctypes.string_at(0)
            if action == "sleep":
                time.sleep(60)
            if action == "ignore-cancel":
                while True:
                    try:
                        print("ignoring cancels")
                        time.sleep(60)
                    except BaseException:
                        pass
            if action == "subprocess":
                subprocess.run(["echo", "from a child process"], check=True)
                os.write(2, b"straight to fd 2\\n")
            if action == "raise":
                raise ValueError("boom")
            return f"{action} ok {n}"
    """

    /// `body` with a ready supervisor of `predictor`, shut down after it.
    func withWorker(grace: Duration = .seconds(2), _ body: (WorkerSupervisor) async throws -> Void) async throws {
        try await withSupervisor(project: try CogHostProcess.project(["predict.py": Self.predictor]), grace: grace, body)
    }

    func run(
        _ supervisor: WorkerSupervisor, _ action: String, id: String = UUID().uuidString, collecting collected: Collected = Collected()
    ) async -> (PredictionOutcome, [PredictionProgress]) {
        let outcome = await supervisor.run(PredictionJob(id: id, input: ["action": .string(action)])) { collected.append($0) }
        return (outcome, collected.items)
    }

    @Test func runsPredictionsAndCapturesEverythingPrinted() async throws {
        try await withWorker { supervisor in
            #expect(await supervisor.setupReport().logs.contains("setting up"))
            #expect(await supervisor.interfaces().predict?.inputs.map(\.name) == ["action", "n"])
            let (outcome, progress) = await run(supervisor, "subprocess")
            #expect(outcome == .succeeded(output: .json(.string("subprocess ok 1")), metrics: outcome.metrics))
            let logs = progress.compactMap { if case .log(let text, _) = $0 { return text } else { return nil } }.joined()
            #expect(logs.contains("running subprocess"))
            #expect(logs.contains("from a child process"))
            #expect(logs.contains("straight to fd 2"))
        }
    }

    @Test func crashesExitsAndSegfaultsFailOnePredictionAndTheNextOneWorks() async throws {
        try await withWorker { supervisor in
            let (exited, _) = await run(supervisor, "exit")
            guard case .failed(let exitError, _) = exited else { Issue.record("sys.exit: \(exited)"); return }
            #expect(exitError.typeName == "SystemExit" && exitError.message == "3")
            #expect(await run(supervisor, "ok").0.isSuccess)

            for action in ["hard-exit", "segfault"] {
                let (crashed, _) = await run(supervisor, action)
                guard case .failed(let error, _) = crashed else { Issue.record("\(action): \(crashed)"); continue }
                #expect(error.origin == .workerCrashed && error.message == "Worker crashed", "\(action)")
                try await TestSupervisor.waitUntilReady(supervisor)
                #expect(await run(supervisor, "ok").0.isSuccess, "after \(action)")
            }
        }
    }

    @Test func cancelInterruptsASleepingPrediction() async throws {
        try await withWorker { supervisor in
            let started = ContinuousClock.now
            let progress = Collected()
            async let outcome = run(supervisor, "sleep", id: "to-cancel", collecting: progress)
            // Canceled once it runs (it printed), not while it is still on its way to the worker.
            try await eventually { progress.logs.contains("running sleep") }
            await supervisor.cancel("to-cancel")
            let (result, _) = await outcome
            #expect(result == .canceled(metrics: result.metrics))
            // The prediction sleeps 60 s: ending well before that means the cancel interrupted it
            // (the bound is loose for a loaded CI machine).
            #expect(ContinuousClock.now - started < .seconds(30))
            let after = await run(supervisor, "ok").0
            #expect(after.isSuccess, "\(after)")
        }
    }

    @Test func aPredictionThatIgnoresCancelIsEndedByReplacingTheWorker() async throws {
        try await withWorker(grace: .seconds(1)) { supervisor in
            let started = ContinuousClock.now
            let progress = Collected()
            async let outcome = run(supervisor, "ignore-cancel", id: "stubborn", collecting: progress)
            // Canceled once it is inside the loop that swallows cancels.
            try await eventually { progress.logs.contains("ignoring cancels") }
            await supervisor.cancel("stubborn")
            let (result, _) = await outcome
            #expect(result == .canceled(metrics: [:]))
            // It swallows every cancel and sleeps in 60 s steps: only replacing the worker ends it.
            #expect(ContinuousClock.now - started < .seconds(30))
            try await TestSupervisor.waitUntilReady(supervisor)
            #expect(await run(supervisor, "ok").0.isSuccess)
        }
    }
}

@Suite struct ConcurrentWorkerTests {
    @Test func asyncPredictionsRunConcurrentlyWithTheirOwnLogsAndCancel() async throws {
        let project = try CogHostProcess.project(["predict.py": """
        import asyncio, time
        from typing import AsyncIterator
        from cog import BaseRunner, current_scope

        class Runner(BaseRunner):
            async def run(self, name: str, delay: float = 0.5) -> AsyncIterator[str]:
                print(f"hello from {name}")
                current_scope().record_metric("delay", delay)
                current_scope().record_metric("started", time.monotonic())
                await asyncio.sleep(delay)
                current_scope().record_metric("ended", time.monotonic())
                yield name
                yield name.upper()
        """])
        try await withSupervisor(project: project, slots: 3) { supervisor in

            let logsA = Collected(), logsB = Collected(), logsC = Collected()
            async let a = supervisor.run(PredictionJob(id: "a", input: ["name": .string("a")])) { logsA.append($0) }
            async let b = supervisor.run(PredictionJob(id: "b", input: ["name": .string("b")])) { logsB.append($0) }
            async let c = supervisor.run(PredictionJob(id: "c", input: ["name": .string("c"), "delay": .int(30)])) { logsC.append($0) }
            // c is canceled while it runs (it printed).
            try await eventually { logsC.logs.contains("hello from c") }
            await supervisor.cancel("c")
            let (resultA, resultB, resultC) = await (a, b, c)
            // They ran at the same time: each started before the other ended (timed inside the
            // worker, so a loaded machine cannot make this flaky).
            if case .double(let startA)? = resultA.metrics["started"], case .double(let endA)? = resultA.metrics["ended"],
               case .double(let startB)? = resultB.metrics["started"], case .double(let endB)? = resultB.metrics["ended"] {
                #expect(startA < endB && startB < endA, "a: \(startA)–\(endA), b: \(startB)–\(endB)")
            } else {
                Issue.record("missing timing metrics: \(resultA.metrics) \(resultB.metrics)")
            }
            #expect(resultA == .succeeded(output: .array([.json(.string("a")), .json(.string("A"))]), metrics: resultA.metrics))
            #expect(resultB == .succeeded(output: .array([.json(.string("b")), .json(.string("B"))]), metrics: resultB.metrics))
            #expect(resultA.metrics["delay"] == .double(0.5))
            #expect(resultC == .canceled(metrics: resultC.metrics))
            #expect(logsA.logs == "hello from a\n")
            #expect(logsB.logs == "hello from b\n")
        }
    }

    @Test func aMalformedEventFromPythonFailsItsPredictionAndIsLogged() async throws {
        // A bug of the host's Python half, simulated: one job's log event arrives with a payload
        // that is not Log(text, source). It used to be dropped without a word.
        let project = try CogHostProcess.project(["predict.py": """
        import cog_host.concurrent as concurrent
        from cog import BaseRunner

        _take = concurrent.take_events

        def _breaking():
            return [(e[0], e[1], 42) if e[1] == "log" and "BREAK" in e[2][0] else e for e in _take()]

        concurrent.take_events = _breaking

        class Runner(BaseRunner):
            async def run(self, text: str) -> str:
                print(text)
                return text
        """])
        let serverLog = Collected()
        try await withSupervisor(project: project, slots: 2, serverLog: { serverLog.append(.log(text: $0, source: "server")) }) { supervisor in
            async let broken = supervisor.run(PredictionJob(id: "broken", input: ["text": .string("BREAK")])) { _ in }
            async let fine = supervisor.run(PredictionJob(id: "fine", input: ["text": .string("fine")])) { _ in }
            let (brokenOutcome, fineOutcome) = await (broken, fine)
            guard case .failed(let failure, _) = brokenOutcome else {
                Issue.record("the job with the malformed event did not fail: \(brokenOutcome)")
                return
            }
            #expect(failure.origin == .host && failure.origin.party == .host, "\(failure)")
            #expect(failure.message.contains("malformed event from cog_host.concurrent for prediction broken: a log event's payload is not Log(text, source)"), "\(failure.message)")
            #expect(fineOutcome == .succeeded(output: .json(.string("fine")), metrics: fineOutcome.metrics))
            try await eventually { serverLog.logs.contains("cog-host: warning: malformed event from cog_host.concurrent for prediction broken") }
        }
    }

    @Test func concurrencyThatCannotBeSetUpIsLoggedAndJobsRunOneAtATime() async throws {
        // The host's concurrent loop cannot be imported: the worker says so, then still runs.
        let project = try CogHostProcess.project(["predict.py": """
        import sys
        from cog import BaseRunner

        sys.modules["cog_host.concurrent"] = None

        class Runner(BaseRunner):
            async def run(self, text: str) -> str:
                return text
        """])
        let serverLog = Collected()
        try await withSupervisor(project: project, slots: 2, serverLog: { serverLog.append(.log(text: $0, source: "server")) }) { supervisor in
            let outcome = await supervisor.run(PredictionJob(id: "one", input: ["text": .string("hi")])) { _ in }
            #expect(outcome == .succeeded(output: .json(.string("hi")), metrics: outcome.metrics))
            try await eventually { serverLog.logs.contains("cog-host: warning: COG_MAX_CONCURRENCY=2 asks for concurrent predictions, but they could not be set up") }
        }
    }

    @Test func anyIteratorAnAsyncPredictorReturnsIsStreamedAsOneAtATimeWorkersDo() async throws {
        // Not only generators: map, filter and iter(...) objects are iterated, item by item.
        let project = try CogHostProcess.project(["predict.py": """
        from typing import Iterator
        from cog import BaseRunner

        class Runner(BaseRunner):
            async def run(self, kind: str) -> Iterator[str]:
                words = ["a", "b", "c"]
                if kind == "map":
                    return map(str.upper, words)
                if kind == "filter":
                    return filter(lambda word: word != "b", words)
                return iter(words)
        """])
        try await withSupervisor(project: project, slots: 2) { supervisor in
            for (kind, expected) in [("map", ["A", "B", "C"]), ("filter", ["a", "c"]), ("iter", ["a", "b", "c"])] {
                let items = Collected()
                let outcome = await supervisor.run(PredictionJob(id: kind, input: ["kind": .string(kind)])) { items.append($0) }
                let streamed = items.items.compactMap { if case .output(.json(.string(let text))) = $0 { return text } else { return nil } }
                #expect(streamed == expected, "\(kind): \(items.items)")
                #expect(outcome == .succeeded(output: .array(expected.map { .json(.string($0)) }), metrics: outcome.metrics), "\(kind): \(outcome)")
            }
        }
    }

    @Test func aSecondJobWithTheIdOfOneInFlightIsRefusedAndNothingHangs() async throws {
        let project = try CogHostProcess.project(["predict.py": """
        import asyncio
        from cog import BaseRunner

        class Runner(BaseRunner):
            async def run(self, delay: float = 0.3) -> str:
                print("running")
                await asyncio.sleep(delay)
                return "done"
        """])
        try await withSupervisor(project: project, slots: 2) { supervisor in
            let firstProgress = Collected()
            async let first = supervisor.run(PredictionJob(id: "same", input: ["delay": .double(5)])) { firstProgress.append($0) }
            // The second comes while the first runs (it printed).
            try await eventually { firstProgress.logs.contains("running") }
            let second = await supervisor.run(PredictionJob(id: "same", input: [:])) { _ in }
            let refused = PredictionOutcome.failed(
                PredictionFailure.input("a prediction with id same is already running"), metrics: [:])
            #expect(second == refused, "\(second)")
            let firstOutcome = await first
            #expect(firstOutcome == .succeeded(output: .json(.string("done")), metrics: firstOutcome.metrics), "\(firstOutcome)")
            #expect(await supervisor.run(PredictionJob(id: "same", input: [:])) { _ in }.isSuccess)
        }
    }

    @Test func concurrencyNeedsAnAsyncPredictor() async throws {
        let project = try CogHostProcess.project(["predict.py": "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self) -> str:\n        return 'x'\n"])
        try await withSupervisor(project: project, slots: 2, waitUntilReady: false) { supervisor in
            await #expect(throws: (any Error).self) { try await TestSupervisor.waitUntilReady(supervisor) }
            #expect(await supervisor.setupReport().logs.contains("COG_MAX_CONCURRENCY > 1 requires an async run() or predict() method"))
        }
    }
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [PredictionProgress] = []
    func append(_ item: PredictionProgress) { lock.lock(); storage.append(item); lock.unlock() }
    var items: [PredictionProgress] { lock.lock(); defer { lock.unlock() }; return storage }
    /// The text of the `.log` items so far.
    var logs: String { items.compactMap { if case .log(let text, _) = $0 { return text } else { return nil } }.joined() }
}

extension PredictionOutcome {
    var isSuccess: Bool { if case .succeeded = self { return true } else { return false } }
}
