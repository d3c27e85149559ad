// Why the embedded interpreter could not start.

public enum PythonStartError: Error, Equatable, CustomStringConvertible {
    case alreadyStarted
    case initializationFailed(String)
    case invalidVirtualEnvironment(path: String, reason: String)
    case incompatibleVirtualEnvironment(path: String, found: PythonVersion, library: PythonLibrary)
    case bootstrapFailed(String)
    case unsupportedVersion(PythonVersion, path: String)
    case libraryNotLoadable(path: String, reason: String)
    case libraryVersionMismatch(path: String, expected: PythonVersion, found: String)
    case anotherLibraryLoaded(PythonLibrary, requested: PythonLibrary)

    public var description: String {
        switch self {
        case .alreadyStarted:
            return "the Python interpreter was already started in this process"
        case .initializationFailed(let message):
            return "could not start Python: \(message)"
        case .invalidVirtualEnvironment(let path, let reason):
            return "virtualenv \(path) is not usable: \(reason)"
        case .incompatibleVirtualEnvironment(let path, let found, let library):
            return "virtualenv \(path) was made with Python \(found), but cog-host is loading \(library); "
                + "recreate it with python\(library.version) -m venv, or point VIRTUAL_ENV at a Python \(library.version) virtualenv"
        case .bootstrapFailed(let message):
            return "could not prepare Python's sys.path: \(message)"
        case .unsupportedVersion(let version, let path):
            let supported = PythonLibrary.supportedVersions.map(\.description)
            return "Python \(version) (\(path)) is not supported: cog-host runs CPython \(supported.first ?? "")–\(supported.last ?? "")"
        case .libraryNotLoadable(let path, let reason):
            return "cannot load libpython \(path): \(reason)"
        case .libraryVersionMismatch(let path, let expected, let found):
            return "\(path) is Python \(found), not the \(expected) its installation says; cog-host did not start it"
        case .anotherLibraryLoaded(let current, let requested):
            return "this process already loaded \(current); it cannot also load \(requested)"
        }
    }
}
