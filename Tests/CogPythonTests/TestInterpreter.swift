// One embedded interpreter per test process, started on first use.
import CogCore
@testable import CogPython
import Foundation
import PythonRuntime
import Testing

enum TestInterpreter {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = repositoryRoot + "/python/fixtures"

    /// Starts Python once (with the fixtures directory as the project root).
    static let started: Bool = {
        var options = CogPythonEnvironment.Options(projectDirectory: fixtures)
        var environment = ProcessInfo.processInfo.environment
        environment["VIRTUAL_ENV"] = nil
        options.environment = environment
        do {
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
