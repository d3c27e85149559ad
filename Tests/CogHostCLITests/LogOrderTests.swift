// End to end: `logs` (serve) and stderr (CLI) keep the order of the predictor's writes across
// stdout, stderr, threads and file descriptors, and never split or glue its lines.
import Foundation
import Testing

@Suite struct LogOrderTests {
    static let predictor = #"""
    import logging, os, subprocess, sys, threading
    from cog import BaseRunner, Secret

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(message)s")
    log = logging.getLogger("pipeline")

    def threads():
        def worker(number):
            for line in range(40):
                print(f"thread {number} line {line} " + "x" * 40)
        helpers = [threading.Thread(target=worker, args=(number,)) for number in range(4)]
        for helper in helpers:
            helper.start()
        for line in range(40):
            print(f"thread main line {line} " + "y" * 40)
        for helper in helpers:
            helper.join()

    class Runner(BaseRunner):
        def run(self, kind: str, token: Secret = None) -> str:
            if kind == "logging_then_fragment":
                log.info("loading weights")
                print("step 1", end="", flush=True)
                print(" done")
                log.info("weights loaded")
            elif kind == "interleaved":
                for step in range(3):
                    print(f"out {step}")
                    print(f"err {step}", file=sys.stderr)
            elif kind == "threads":
                threads()
            elif kind == "descriptors":
                os.write(1, b"fd1 a\n")
                os.write(2, b"fd2 b\n")
                os.write(1, b"fd1 c\n")
                print("py d")
                subprocess.run(["sh", "-c", "echo sub e; echo sub f >&2"])
                print("py g", file=sys.stderr)
            elif kind == "fragment_then_other_stream":
                print("50%", end="", flush=True)
                sys.stderr.write("warning\n")
                print(" 100%")
            elif kind == "tqdm":
                from tqdm import tqdm
                total = sum(tqdm(range(3), file=sys.stderr, desc="Denoising"))
                print(f"sum={total}")
            elif kind == "unflushed_tail":
                print("tail", end="")
            return kind
    """#

    static let expectedLogs: [(kind: String, logs: String)] = [
        ("logging_then_fragment", "INFO loading weights\nstep 1 done\nINFO weights loaded\n"),
        ("interleaved", "out 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2\n"),
        ("descriptors", "fd1 a\nfd2 b\nfd1 c\npy d\nsub e\nsub f\npy g\n"),
        ("fragment_then_other_stream", "50%\nwarning\n 100%\n"),
        ("unflushed_tail", "tail"),
    ]

    static func logs(of body: String) throws -> String {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        #expect(document["status"] as? String == "succeeded", "\(body)")
        return try #require(document["logs"] as? String, "\(body)")
    }

    /// Every line is one of the threads' whole lines, and each thread's lines are in order.
    static func checkThreadLines(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 200, "\(lines.count) lines")
        var next: [String: Int] = [:]
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count == 5, words[0] == "thread", let number = Int(words[3]),
                  words[4] == String(repeating: words[1] == "main" ? "y" : "x", count: 40) else {
                Issue.record("a split or glued line: \(line)")
                continue
            }
            #expect(number == next[String(words[1]), default: 0], "thread \(words[1]) out of order")
            next[String(words[1])] = number + 1
        }
    }

    @Test func serveLogsKeepTheOrderOfWrites() async throws {
        let project = try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"])
        let server = try ServeProcess(project: project, environment: ["VIRTUAL_ENV": try PythonPackageTests.testVenv()])
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        // Each case several times: a race between two readers would show in some rounds only.
        for _ in 0..<5 {
            for (kind, expected) in Self.expectedLogs {
                let (_, body) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"\#(kind)"}}"#)
                #expect(try Self.logs(of: body) == expected, "\(kind)")
            }
        }
        let (_, threads) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"threads"}}"#)
        Self.checkThreadLines(try Self.logs(of: threads))
        let (_, bar) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"tqdm"}}"#)
        let barLogs = try Self.logs(of: bar)
        #expect(barLogs.hasPrefix("\rDenoising:   0%|") && barLogs.contains("| 3/3 [") && barLogs.hasSuffix("]\nsum=3\n"), "\(barLogs)")
        // With a Secret input (its value scrubbed from the logs) the order is the same.
        let (_, secretOne) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"interleaved","token":"tok-abcdefgh"}}"#)
        #expect(try Self.logs(of: secretOne) == "out 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2\n")
    }

    @Test(arguments: [false, true]) func cliStderrKeepsTheOrderOfWrites(withSecret: Bool) throws {
        let project = try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"])
        let secret = withSecret ? ["-i", "token=tok-abcdefgh"] : []
        for (kind, expected) in Self.expectedLogs where kind != "unflushed_tail" {
            let result = try CogHostProcess.run(["run", "-i", "kind=\(kind)"] + secret, in: project)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(kind), secret \(withSecret): \(result.stderr)")
        }
        let threads = try CogHostProcess.run(["run", "-i", "kind=threads"] + secret, in: project)
        Self.checkThreadLines(threads.stderr.split(separator: "\n").filter { $0.hasPrefix("thread") }.joined(separator: "\n") + "\n")
    }
}
