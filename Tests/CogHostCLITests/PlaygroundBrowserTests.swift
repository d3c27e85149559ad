// The playground in a real browser: Debian's headless Chromium, driven by Selenium, against `cog-host serve`.
import Foundation
import Testing

/// Runs `Tests/Browser/playground_test.py` (Selenium, from a virtualenv made once in the
/// scratch directory) against two `cog-host serve` processes on `python/fixtures/playground`:
/// its image predictor (polling) and its streaming one (server-sent events). Needs the apt
/// packages `chromium` and `chromium-driver` (`.ci/run` installs them); fails, not skips,
/// without them. `PLAYGROUND_SCREENSHOTS=docs` also writes the README's screenshots there.
@Suite struct PlaygroundBrowserTests {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    static let script = CogHostProcess.repositoryRoot + "/Tests/Browser/playground_test.py"

    /// The build directory of this test bundle (`.build`, or the `--scratch-path`):
    /// `<scratch>/<triple>/debug/cog-hostPackageTests.xctest`.
    static var scratchDirectory: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let scratch = bundle.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if scratch.lastPathComponent.hasPrefix(".build") { return scratch.path }
        return CogHostProcess.repositoryRoot + "/.build"
    }

    /// A Python 3 virtualenv with Selenium from PyPI, made once beside the build.
    static func browserVenv() throws -> String {
        let venv = scratchDirectory + "/browser-venv"
        if FileManager.default.fileExists(atPath: venv + "/.ready") { return venv }
        for (command, arguments) in [
            ("/usr/bin/python3", ["-m", "venv", venv]),
            (venv + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check", "selenium>=4.20"]),
        ] {
            let result = try Self.run(command, arguments, timeout: .seconds(300))
            guard result.status == 0 else {
                throw BrowserTestError(description: """
                    \(command) \(arguments.joined(separator: " ")) failed (exit \(result.status)): the browser test needs a \
                    Python venv with selenium from PyPI.
                    \(result.output)
                    """)
            }
        }
        _ = FileManager.default.createFile(atPath: venv + "/.ready", contents: Data())
        return venv
    }

    struct BrowserTestError: Error, CustomStringConvertible { let description: String }

    @Test(.timeLimit(.minutes(5)))
    func fillsTheFormRunsAPredictionAndLeavesNoTraceOfTheSecret() async throws {
        let missing = [Self.chromium, Self.chromedriver].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        guard missing.isEmpty else {
            Issue.record("""
                The playground browser test needs Debian's headless Chromium: \(missing.joined(separator: ", ")) not found. \
                Install it with `apt-get install -y chromium chromium-driver` (.ci/run does).
                """)
            return
        }
        let venv = try Self.browserVenv()
        let secret = "sk-playground-" + UUID().uuidString.lowercased().prefix(13)
        let server = try ServeProcess(project: CogHostProcess.fixtures + "/playground")
        let streaming = try ServeProcess(project: CogHostProcess.fixtures + "/playground", reference: "stream.py:StreamingRunner")
        try await server.waitForStatus("READY")
        try await streaming.waitForStatus("READY")

        var arguments = [Self.script, "http://127.0.0.1:\(server.port)", "--stream-base", "http://127.0.0.1:\(streaming.port)"]
        if let directory = ProcessInfo.processInfo.environment["PLAYGROUND_SCREENSHOTS"] {
            arguments += ["--screenshots", directory.hasPrefix("/") ? directory : CogHostProcess.repositoryRoot + "/" + directory]
        }
        let result = try Self.run(venv + "/bin/python", arguments, environment: ["PLAYGROUND_SECRET": secret], timeout: .seconds(180))
        #expect(result.status == 0, "playground_test.py failed:\n\(result.output)")
        #expect(result.output.contains("all playground checks passed"), "\(result.output)")

        // The servers' own output has no trace of the secret either.
        for process in [server, streaming] {
            let log = process.stop()
            #expect(!log.contains(secret), "the secret is in the server's log:\n\(log)")
        }
    }

    /// Runs a command to its end (killed after `timeout`), with stdout and stderr together.
    static func run(_ command: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["VIRTUAL_ENV"] = nil
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
