// A webhook endpoint for the queue tests: a stock-Python HTTP server that appends each POST body to a file.
import Foundation

final class WebhookSink: @unchecked Sendable {
    private let server: Process
    private let bodiesPath: String
    let port: Int

    init() async throws {
        let base = NSTemporaryDirectory() + "cog-host-queue-hooks-\(UUID().uuidString.prefix(8))"
        bodiesPath = base + ".jsonl"
        _ = FileManager.default.createFile(atPath: bodiesPath, contents: nil)
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", """
            import http.server, os, sys, threading, time
            parent = os.getppid()
            def exit_with_parent():
                while os.getppid() == parent:
                    time.sleep(0.5)
                os._exit(0)
            threading.Thread(target=exit_with_parent, daemon=True).start()
            class Sink(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    data = self.rfile.read(int(self.headers["Content-Length"]))
                    with open(sys.argv[1], "ab") as bodies:
                        bodies.write(data.replace(b"\\n", b" ") + b"\\n")
                    self.send_response(204)
                    self.end_headers()
                def log_message(self, *_):
                    pass
            httpd = http.server.HTTPServer(("127.0.0.1", 0), Sink)
            with open(sys.argv[2], "w") as port:
                port.write(str(httpd.server_address[1]))
            httpd.serve_forever()
            """, bodiesPath, base + ".port"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let portFile = base + ".port"
        try await eventually("the webhook sink listens", timeout: .seconds(20)) {
            (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) } != nil
        }
        port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) } ?? 0
    }

    /// The bodies received so far, one per line.
    var bodies: [String] {
        ((try? String(contentsOfFile: bodiesPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Stops the server (it also exits by itself when the test process is gone). SIGKILL:
    /// children of the test process inherit its blocked SIGTERM.
    func stop() {
        guard server.isRunning else { return }
        kill(server.processIdentifier, SIGKILL)
    }

    deinit {
        stop()
    }
}
