// One embedded interpreter per test process, started on first use.
import CogCore
import CogEnvironment
@testable import CogPython
import Foundation
import PythonRuntime
import Testing

enum TestInterpreter {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = repositoryRoot + "/python/fixtures"

    /// The Python these tests embed: `COG_HOST_PYTHON` (a path or a version, as cog-host takes
    /// it; CI runs the suites once more with it), else the system's python3.
    static func python() throws -> PythonInstallation {
        let search = PythonInstallationSearch()
        guard let explicit = ProcessInfo.processInfo.environment["COG_HOST_PYTHON"], !explicit.isEmpty else { return try search.findDefault() }
        return try search.find(explicit: explicit, origin: "COG_HOST_PYTHON")
    }

    /// Starts Python once (with the fixtures directory as the project root).
    static let started: Bool = {
        do {
            var options = CogPythonEnvironment.Options(projectDirectory: fixtures, python: try python())
            var environment = ProcessInfo.processInfo.environment
            environment["VIRTUAL_ENV"] = nil
            options.environment = environment
            _ = try CogPythonEnvironment.start(options)
            return true
        } catch {
            Issue.record("Python did not start: \(error)")
            return false
        }
    }()

    /// Runs Python statements (asserts included); a Python exception fails the calling test.
    static func run(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard started else { return }
        do {
            try Python.withGIL { () throws(PythonException) in try Python.run(source) }
        } catch {
            Issue.record("Python raised:\n\(error.traceback.joined())\(error)", sourceLocation: sourceLocation)
        }
    }

    /// Evaluates a Python expression to a string.
    static func evaluate(_ expression: String) throws -> String {
        guard started else { return "" }
        return try Python.withGIL { try Python.evaluate(expression).str() }
    }
}
