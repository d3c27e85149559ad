// Runs the pure-Python half's own tests (python/tests) inside cog-host's embedded Python.
import Foundation
import Testing

@Suite struct PythonPackageTests {
    /// A Python 3.11 virtualenv with pytest and pydantic, made once under .build/.
    static func testVenv() throws -> String {
        let venv = CogHostProcess.repositoryRoot + "/.build/test-venv"
        if FileManager.default.fileExists(atPath: venv + "/.ready") { return venv }
        for (command, arguments) in [
            ("/usr/bin/python3", ["-m", "venv", venv]),
            (venv + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check", "pytest", "pydantic>=2"]),
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandError(description: "\(command) \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)); python/tests need a Python 3.11 venv with pytest and pydantic from PyPI")
            }
        }
        FileManager.default.createFile(atPath: venv + "/.ready", contents: Data())
        return venv
    }

    struct CommandError: Error, CustomStringConvertible { let description: String }

    @Test func pythonTestsPassUnderTheEmbeddedInterpreter() throws {
        let venv = try Self.testVenv()
        let result = try CogHostProcess.run(
            ["python", "-m", "pytest", "python/tests", "-q", "-p", "no:cacheprovider", "-rs"],
            in: CogHostProcess.repositoryRoot, environment: ["VIRTUAL_ENV": venv, "PYTHONDONTWRITEBYTECODE": "1"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains(" passed"), "\(result.stdout)")
        #expect(!result.stdout.contains("skipped"), "no test may skip itself: \(result.stdout)")
    }
}
