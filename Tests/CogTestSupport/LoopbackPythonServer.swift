// A small Python HTTP server on a free loopback port, for tests that need something to talk to.
import Foundation

/// Runs `/usr/bin/python3 -c script arguments…`; the script binds 127.0.0.1 port 0 and prints
/// the port it got as its first line. The process is killed when this object goes away.
public final class LoopbackPythonServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    public init(script: String, arguments: [String]) throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", script] + arguments
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        process = server
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(server.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the test runner's children may inherit an ignored SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
