// The Python the CLI tests run cog-host on: `COG_HOST_PYTHON` (a path or a version, which the
// cog-host processes the tests start read too; CI runs the suites once more with it set), else
// the system's python3, as cog-host itself chooses when nothing is asked.
import CogEnvironment
import Foundation

enum TestPython {
    static func installation() throws -> PythonInstallation { try found.get() }

    /// `3.11`: the version cog-host runs a project on when neither its cog.yaml nor a venv asks.
    static func version() throws -> String { try installation().version }

    /// Its `python3.X`, for side-by-side runs of stock Python and for the tests' virtualenvs.
    static func executable() throws -> String { try installation().executable }

    private static let found = Result { () throws -> PythonInstallation in
        let search = PythonInstallationSearch()
        guard let explicit = ProcessInfo.processInfo.environment["COG_HOST_PYTHON"], !explicit.isEmpty else { return try search.findDefault() }
        return try search.find(explicit: explicit, origin: "COG_HOST_PYTHON")
    }
}
