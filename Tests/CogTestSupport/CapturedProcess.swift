// Runs a program to its end with its output captured: what the tests' one-shot commands are.
import Foundation

/// A finished program's exit status and what it wrote.
public struct CapturedOutput: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

public enum CapturedProcess {
    /// Runs `executable` in `directory` with exactly `environment`, writes `stdin` (then closes
    /// it), and reads stdout and stderr concurrently so neither pipe fills up and blocks it.
    public static func run(_ executable: String, _ arguments: [String], in directory: String,
                           environment: [String: String], stdin: String? = nil) throws -> CapturedOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CapturedOutput(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                              stderr: String(decoding: errorData, as: UTF8.self))
    }
}
