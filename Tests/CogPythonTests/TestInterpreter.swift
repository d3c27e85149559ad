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

    /// Why Python did not start: thrown by `start()` into every test that needs Python.
    struct NotStarted: Error, CustomStringConvertible {
        let reason: any Error
        var description: String { "Python did not start, so this test cannot run: \(reason)" }
    }

    /// Python started once (with the fixtures directory as the project root), or why not.
    private static let startResult: Result<Void, NotStarted> = {
        do {
            var options = CogPythonEnvironment.Options(projectDirectory: fixtures, python: try python())
            var environment = ProcessInfo.processInfo.environment
            environment["VIRTUAL_ENV"] = nil
            options.environment = environment
            _ = try CogPythonEnvironment.start(options)
            return .success(())
        } catch {
            return .failure(NotStarted(reason: error))
        }
    }()

    /// Starts Python on first use; throws (failing the calling test) if it did not start.
    static func start() throws(NotStarted) { try startResult.get() }

    /// Runs Python statements (asserts included); a Python exception fails the calling test.
    static func run(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws(NotStarted) {
        try start()
        do {
            try Python.withGIL { () throws(PythonException) in try Python.run(source) }
        } catch {
            Issue.record("Python raised:\n\(error.traceback.joined())\(error)", sourceLocation: sourceLocation)
        }
    }

    /// Evaluates a Python expression to a string.
    static func evaluate(_ expression: String) throws -> String {
        try start()
        return try Python.withGIL { try Python.evaluate(expression).str() }
    }
}
