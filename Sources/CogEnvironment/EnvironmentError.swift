// Why a project's environment could not be made or used.

public enum EnvironmentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// cog.yaml's `build:` section asks for something that cannot be done as written.
    case invalidConfiguration(String)
    /// No interpreter to make the environment with.
    case noInterpreter(String)
    /// The installer failed: what it was asked, and the last lines it printed (credentials masked).
    case installFailed(summary: String, installerOutput: String)
    /// The cache directory or the lock could not be used.
    case cache(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message), .noInterpreter(let message), .cache(let message): return message
        case .installFailed(let summary, let output): return output.isEmpty ? summary : "\(summary)\n\(output)"
        }
    }
}
