// End to end: `cog-host serve` with a real worker — crashes, SIGTERM, and no spurious 409.
import CogTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A `cog-host serve` process on a free loopback port.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let log = Pipe()

    init(project: String, reference: String? = nil, arguments: [String] = [], environment: [String: String] = [:], removing: [String] = []) throws {
        port = try FreePort.next()
        process.executableURL = URL(fileURLWithPath: CogHostProcess.binary)
        process.arguments = ["serve", "--port", String(port)] + arguments + (reference.map { [$0] } ?? [])
        process.currentDirectoryURL = URL(fileURLWithPath: project)
        var env = ProcessInfo.processInfo.environment
        env["VIRTUAL_ENV"] = nil
        for key in removing { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardError = log
        process.standardOutput = log
        try process.run()
    }

    func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 120
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Waits for the health check to say `status`. The bound is generous: in a clean clone's
    /// first run, the tests' venv installs and the managed-environment builds load both cores
    /// while many servers start at once (a CI run saw 5 servers not READY within 60 s; alone
    /// each is READY in under 2 s).
    func waitForStatus(_ status: String, timeout: Duration = .seconds(180)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let (_, body) = try? await request("GET", "/health-check"), body.contains("\"status\":\"\(status)\"") { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("health never became \(status)")
    }

    /// Stops the server (SIGTERM, as a user would) and returns everything it logged.
    func stop() -> String {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

@Suite struct ServeCommandTests {
    static let predictor = """
    import os, time
    from cog import BaseRunner

    class Runner(BaseRunner):
        def run(self, action: str = "ok") -> str:
            if action == "crash":
                os._exit(9)
            if action == "slow":
                time.sleep(3)
            return f"done {action}"
    """

    @Test func aCrashingPredictionFailsAndTheServerRecovers() async throws {
        let server = try ServeProcess(project: try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"]))
        try await server.waitForStatus("READY")
        let (status, body) = try await server.request("POST", "/predictions", body: #"{"input":{"action":"crash"}}"#)
        #expect(status == 200)
        #expect(body.contains(#""error":"Worker crashed""#) && body.contains(#""status":"failed""#), "\(body)")
        try await server.waitForStatus("READY")
        let (_, next) = try await server.request("POST", "/predictions", body: #"{"input":{"action":"ok"}}"#)
        #expect(next.contains(#""output":"done ok""#), "\(next)")
    }

    @Test func twoThousandSequentialPredictionsNeverSee409() async throws {
        let server = try ServeProcess(project: try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"]))
        try await server.waitForStatus("READY")
        var statuses: [Int: Int] = [:]
        var failures = 0
        for index in 0..<2000 {
            let (status, body) = try await server.request("POST", "/predictions", body: #"{"input":{"action":"n\#(index)"}}"#)
            statuses[status, default: 0] += 1
            if !body.contains(#""status":"succeeded""#) { failures += 1 }
        }
        #expect(statuses == [200: 2000], "\(statuses)")
        #expect(failures == 0)
    }

    @Test func sigtermLetsTheRunningPredictionFinishThenExitsZero() async throws {
        let server = try ServeProcess(project: try CogHostProcess.project(["predict.py": Self.predictor, "cog.yaml": "run: predict.py:Runner\n"]))
        try await server.waitForStatus("READY")
        async let slow = server.request("POST", "/predictions", body: #"{"input":{"action":"slow"}}"#)
        // SIGTERM once the prediction runs (its one slot is busy).
        try await server.waitForStatus("BUSY", timeout: .seconds(30))
        kill(server.process.processIdentifier, SIGTERM)
        let (status, body) = try await slow
        #expect(status == 200)
        #expect(body.contains(#""output":"done slow""#), "\(body)")
        try await eventually { !server.process.isRunning }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus == 0)
    }
}
