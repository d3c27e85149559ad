// The Python that managed environments are made with: the one cog-host embeds.
import Foundation

public struct BaseInterpreter: Sendable, Equatable {
    /// An executable `python3.X`.
    public let path: String
    /// `3.11`.
    public let version: String

    public init(path: String, version: String) {
        self.path = path
        self.version = version
    }

    /// `python3.X` of the embedded version: the system's (`/usr/bin`, `/usr/local/bin`, the
    /// build the embedded libpython comes from) before any other on PATH, so the environment's
    /// compiled packages and `sys.executable` match the embedded interpreter.
    public static func find(version: String, environment: [String: String]) throws(EnvironmentError) -> BaseInterpreter {
        let name = "python\(version)"
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in ["/usr/bin", "/usr/local/bin"] + path {
            let candidate = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return BaseInterpreter(path: candidate, version: version) }
        }
        throw .noInterpreter("cannot find \(name) (in /usr/bin, /usr/local/bin or on PATH) to make the project's environment with; install it (apt-get install -y python\(version)-venv) or give a virtualenv with --venv")
    }
}
