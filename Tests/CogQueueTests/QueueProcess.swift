// The built cog-host binary as the queue tests run it: workers in the background, one-shot commands.
import CogTestSupport
import Foundation

/// A `cog-host` process whose output goes to a file (a worker logs for its whole life; a pipe
/// nobody reads would fill and stop it).
final class QueueProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String

    static let fixture = CogHostBinary.repositoryRoot + "/python/fixtures/queue"

    static var binary: String { CogHostBinary.path }

    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["VIRTUAL_ENV"] = nil
        return environment
    }

    init(_ arguments: [String], in directory: String = QueueProcess.fixture, environment extra: [String: String] = [:]) throws {
        logPath = NSTemporaryDirectory() + "cog-host-queue-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = Self.environment.merging(extra) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the exit (at most `timeout`); its status, or nil if it still runs.
    func waitForExit(timeout: Duration = .seconds(60)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Runs a one-shot cog-host command to its end: status, stdout, stderr.
    static func run(_ arguments: [String], in directory: String = fixture, environment extra: [String: String] = [:], stdin: String? = nil) throws -> CapturedOutput {
        try CapturedProcess.run(binary, arguments, in: directory, environment: environment.merging(extra) { _, new in new }, stdin: stdin)
    }
}

/// Polls `condition` until it holds or `timeout` passes (then the test fails with `what`).
func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(25))
    }
    if try await condition() { return }
    throw TestFailure("not within \(timeout): \(what)")
}
