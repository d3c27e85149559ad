// A throwaway HTTP server on 127.0.0.1 serving a directory, for URL-input tests.
import CogTestSupport
import Foundation

final class LocalFileServer {
    let directory: String
    private let server: LoopbackPythonServer
    var port: Int { server.port }

    /// Starts `python3 -m http.server`-style serving of `directory` on a free loopback port.
    init(serving directory: String) throws {
        self.directory = directory
        server = try LoopbackPythonServer(script: """
        import functools, http.server, sys
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
        handler.func.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """, arguments: [directory])
    }

    func url(_ path: String, credentials: String? = nil) -> String {
        "http://\(credentials.map { $0 + "@" } ?? "")127.0.0.1:\(port)/\(path)"
    }
}
