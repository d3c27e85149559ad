// A throwaway webhook receiver on 127.0.0.1 that appends every POSTed body to a file.
import Foundation

final class WebhookReceiver: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let bodiesFile: String

    init() throws {
        bodiesFile = NSTemporaryDirectory() + "cog-host-webhooks-\(UUID().uuidString).txt"
        FileManager.default.createFile(atPath: bodiesFile, contents: nil)
        let script = """
        import http.server, sys, threading
        lock = threading.Lock()
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock, open(sys.argv[1], "ab") as out:
                    out.write(body.replace(b"\\n", b" ") + b"\\n")
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", script, bodiesFile]
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

    var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Every body received so far, one per line.
    var bodies: [String] {
        let text = (try? String(contentsOfFile: bodiesFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: bodiesFile)
    }
}
