// End to end: text is UTF-8 where stock python3 makes it so — prints, logs, files, pipes.
import CogEnvironment
import Foundation
import Testing

@Suite struct TextEncodingTests {
    /// What the interpreter decided about text encodings, as one JSON line.
    static let probe = #"""
    import json, locale, os, subprocess, sys, tempfile

    def fsencoded(text):
        try:
            return os.fsencode(text).hex()
        except UnicodeError as error:
            return type(error).__name__

    def encoding_facts():
        handle, path = tempfile.mkstemp()
        os.close(handle)
        with open(path, "w") as file:
            open_encoding = file.encoding
        os.unlink(path)
        child = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"], capture_output=True, text=True)
        return {
            "stdout": [sys.stdout.encoding, sys.stdout.errors],
            "stderr": [sys.stderr.encoding, sys.stderr.errors],
            "utf8_mode": sys.flags.utf8_mode,
            "preferred": locale.getpreferredencoding(False),
            "locale_encoding": locale.getencoding() if hasattr(locale, "getencoding") else None,  # 3.11+
            "filesystem": [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()],
            "open": open_encoding,
            "fsencode": fsencoded("\u00e9"),
            "child_pipe": [child.stdout.strip(), child.stderr],
            "LC_CTYPE": os.environ.get("LC_CTYPE"),
        }
    """#

    static let predictor = probe + #"""

    import logging
    from cog import BaseRunner

    class Runner(BaseRunner):
        def run(self, kind: str = "facts") -> str:
            if kind == "facts":
                return json.dumps(encoding_facts(), sort_keys=True)
            print("em — dash")
            for step in range(1, 4):
                print(f"\r{'█' * step}{'░' * (3 - step)} {step}/3", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
            logging.getLogger("model").warning("Température: 21 °C, 東京 🌧")
            return "fertig — ✓"
    """#

    /// The environments the issue names: a UTF-8 locale, none at all, and the C locale (also
    /// with Python's own switches).
    static let environments: [(set: [String: String], unset: [String])] = [
        (["LANG": "C.UTF-8"], ["LC_ALL", "LC_CTYPE"]),
        ([:], ["LANG", "LC_ALL", "LC_CTYPE"]),
        (["LC_ALL": "C"], ["LC_CTYPE"]),
        (["LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"], ["LC_CTYPE"]),
        (["LC_ALL": "C", "PYTHONUTF8": "0"], ["LC_CTYPE"]),
        (["LANG": "C.UTF-8", "PYTHONIOENCODING": "latin-1:backslashreplace"], ["LC_ALL", "LC_CTYPE"]),
    ]

    /// Stock python3 of the same installation as the embedded one (TestPython).
    static func stockFacts(set: [String: String], unset: [String], in directory: String) throws -> String {
        let script = probe + "\nprint(json.dumps(encoding_facts(), sort_keys=True))\n"
        let result = try CogHostProcess.run(["-c", script], in: directory, environment: set, removing: unset, executable: try TestPython.executable())
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func encodingsAgreeWithStockPython3InEveryLocale() throws {
        let project = try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"])
        for (set, unset) in Self.environments {
            let stock = try Self.stockFacts(set: set, unset: unset, in: project)
            let hosted = try CogHostProcess.run(["run", "-i", "kind=facts"], in: project, environment: set, removing: unset)
            #expect(hosted.status == 0, "\(set) \(hosted.stderr)")
            #expect(hosted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == stock, "environment \(set) without \(unset)")
            let python = try CogHostProcess.run(["python", "-c", Self.probe + "\nprint(json.dumps(encoding_facts(), sort_keys=True))\n"], in: project, environment: set, removing: unset)
            #expect(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == stock, "cog-host python, environment \(set) without \(unset)")
        }
    }

    @Test func nonASCIIPrintsBarsAndLogsReachStderrIntact() throws {
        let project = try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"])
        for (set, unset) in Self.environments.prefix(3) {
            let result = try CogHostProcess.run(["run", "-i", "kind=print"], in: project, environment: set, removing: unset)
            #expect(result.status == 0, "\(set): \(result.stderr)")
            #expect(result.stdout == "fertig — ✓\n", "\(set)")
            #expect(result.stderr.contains("em — dash\n"), "\(set): \(result.stderr)")
            #expect(result.stderr.contains("\r███ 3/3\n"), "\(set): \(result.stderr)")
            #expect(result.stderr.contains("Température: 21 °C, 東京 🌧\n"), "\(set): \(result.stderr)")
        }
    }

    @Test func serveLogsAndWorkerEncodingsAreUTF8() async throws {
        let project = try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"])
        let unset = ["LANG", "LC_ALL", "LC_CTYPE"]
        let stock = try Self.stockFacts(set: [:], unset: unset, in: project)
        let server = try ServeProcess(project: project, removing: unset)
        defer { _ = server.stop() }
        try await server.waitForStatus("READY")
        let (status, body) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"print"}}"#)
        #expect(status == 200, "\(body)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(document["status"] as? String == "succeeded", "\(body)")
        #expect(document["output"] as? String == "fertig — ✓")
        let logs = try #require(document["logs"] as? String)
        #expect(logs.contains("em — dash\n") && logs.contains("\r███ 3/3\n") && logs.contains("東京 🌧\n"), "\(logs)")

        let (_, factsBody) = try await server.request("POST", "/predictions", body: #"{"input":{"kind":"facts"}}"#)
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(factsBody.utf8)) as? [String: Any])
        #expect(facts["output"] as? String == stock, "\(factsBody)")
    }
}
