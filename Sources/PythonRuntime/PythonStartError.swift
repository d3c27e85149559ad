// Why the embedded interpreter could not start.

public enum PythonStartError: Error, Equatable, CustomStringConvertible {
    case alreadyStarted
    case initializationFailed(String)
    case invalidVirtualEnvironment(path: String, reason: String)
    case incompatibleVirtualEnvironment(path: String, found: PythonVersion, linked: PythonVersion)
    case bootstrapFailed(String)

    public var description: String {
        switch self {
        case .alreadyStarted:
            return "the Python interpreter was already started in this process"
        case .initializationFailed(let message):
            return "could not start Python: \(message)"
        case .invalidVirtualEnvironment(let path, let reason):
            return "virtualenv \(path) is not usable: \(reason)"
        case .incompatibleVirtualEnvironment(let path, let found, let linked):
            return "virtualenv \(path) was made with Python \(found), but cog-host embeds Python \(linked); "
                + "recreate it with python\(linked) -m venv, or point VIRTUAL_ENV at a Python \(linked) virtualenv"
        case .bootstrapFailed(let message):
            return "could not prepare Python's sys.path: \(message)"
        }
    }
}
