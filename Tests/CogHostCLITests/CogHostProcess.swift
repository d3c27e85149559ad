// Runs the built cog-host binary the way a user does, capturing stdout, stderr and the exit status.
import CogTestSupport
import Foundation

/// How a cog-host command ended: its exit status and what it wrote.
struct CogHostResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CogHostProcess {
    static let repositoryRoot = CogHostBinary.repositoryRoot
    static let fixtures = repositoryRoot + "/python/fixtures"

    /// The cog-host binary built beside this test bundle.
    static var binary: String { CogHostBinary.path }

    /// Runs cog-host (or `executable`, e.g. stock python3 for a side-by-side check) with the
    /// test's environment, less `removing`, plus `environment`.
    static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:], removing: [String] = [],
        stdin: String? = nil, executable: String? = nil
    ) throws -> CogHostResult {
        var env = ProcessInfo.processInfo.environment
        env["VIRTUAL_ENV"] = nil
        for key in removing { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        let captured = try CapturedProcess.run(executable ?? binary, arguments, in: directory, environment: env, stdin: stdin)
        return CogHostResult(status: captured.status, stdout: captured.stdout, stderr: captured.stderr)
    }

    /// A cog-host process started by `start`, not yet waited for.
    struct Started {
        let process: Process
        let output: Pipe
        let errors: Pipe

        /// Waits for it to end (its output is small enough for the pipes).
        func wait() -> CogHostResult {
            let errorData = errors.fileHandleForReading.readDataToEndOfFile()
            let outputData = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CogHostResult(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                                 stderr: String(decoding: errorData, as: UTF8.self))
        }
    }

    /// Starts cog-host without waiting for it, for tests that run several at once.
    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Started {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.filter { $0.key != "VIRTUAL_ENV" }
        let started = Started(process: process, output: Pipe(), errors: Pipe())
        process.standardOutput = started.output
        process.standardError = started.errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return started
    }

    /// Starts cog-host (with SIGINT at its default and unblocked, as from a terminal: a background
    /// shell may have it ignored and the test runner blocked, and both are inherited), reads its
    /// stderr until `marker` appears, then sends `signal`. Returns its exit status and stderr.
    static func interrupt(
        _ arguments: [String], in directory: String, environment: [String: String] = [:], when marker: String, with signal: Int32
    ) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); os.execv(sys.argv[1], sys.argv[1:])",
                             binary] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.filter { $0.key != "VIRTUAL_ENV" }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        var seen = ""
        while !seen.contains(marker) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, signal)
        seen += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, seen)
    }

    /// A fresh directory holding the given files.
    static func project(_ files: [String: String]) throws -> String {
        let directory = NSTemporaryDirectory() + "cog-host-e2e-\(UUID().uuidString)"
        for (name, content) in files {
            let path = directory + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return directory
    }
}
