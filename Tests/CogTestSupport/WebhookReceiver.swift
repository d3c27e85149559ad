// A throwaway webhook receiver on 127.0.0.1 that appends every POSTed body to a file.
import Foundation

public final class WebhookReceiver: @unchecked Sendable {
    private let server: LoopbackPythonServer
    private let bodiesFile: String
    public var port: Int { server.port }

    public init() throws {
        let file = NSTemporaryDirectory() + "cog-host-webhooks-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        bodiesFile = file
        server = try LoopbackPythonServer(script: """
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
        """, arguments: [file])
    }

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Every body received so far, one per line.
    public var bodies: [String] {
        let text = (try? String(contentsOfFile: bodiesFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: bodiesFile)
    }
}
