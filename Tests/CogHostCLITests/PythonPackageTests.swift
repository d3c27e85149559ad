// Runs the pure-Python half's own tests (python/tests) inside cog-host's embedded Python.
import CogEnvironment
import Foundation
import Testing

@Suite struct PythonPackageTests {
    /// What the tests use: pytest (python/tests), what real predictors lean on (pydantic models,
    /// tqdm bars, numpy values), and uv (managed environments).
    static let testPackages = ["pytest", "pydantic>=2", "tqdm", "numpy", "uv"]

    /// A virtualenv of the tests' Python (TestPython) with `testPackages`, made once under
    /// .build/ (once per test process, whichever test asks first).
    static func testVenv() throws -> String { try madeVenv.get() }

    private static let madeVenv = Result { () throws -> String in
        let python = try TestPython.installation()
        let venv = CogHostProcess.repositoryRoot + "/.build/test-venv-\(python.fullVersion)"
        let ready = venv + "/.ready-" + testPackages.joined(separator: "-").filter { $0.isLetter || $0.isNumber || $0 == "-" }
        if FileManager.default.fileExists(atPath: ready) { return venv }
        for (command, arguments) in [
            (python.executable, ["-m", "venv", venv]),
            (venv + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check"] + testPackages),
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandError(description: "\(command) \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)); the tests need a Python \(python.version) venv with \(testPackages.joined(separator: ", ")) from PyPI")
            }
        }
        _ = FileManager.default.createFile(atPath: ready, contents: Data())
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
