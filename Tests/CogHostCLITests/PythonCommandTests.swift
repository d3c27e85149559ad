// `cog-host python`: the embedded interpreter with the hosted cog package.
import CogEnvironment
import Foundation
import Testing

@Suite struct PythonCommandTests {
    @Test func secretIsNativeAndRedacted() throws {
        let result = try CogHostProcess.run(["python", "-c", "import cog; s = cog.Secret(\"x\"); print(repr(s), str(s), type(cog.Secret.get_secret_value).__name__)"], in: NSTemporaryDirectory())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Secret(**********) ********** method_descriptor\n")
    }

    @Test func exitStatusAndModulesWorkLikePython() throws {
        let exit = try CogHostProcess.run(["python", "-c", "import sys; sys.exit(3)"], in: NSTemporaryDirectory())
        #expect(exit.status == 3)
        let module = try CogHostProcess.run(["python", "-m", "json.tool"], in: NSTemporaryDirectory(), stdin: "{\"a\": 1}")
        #expect(module.stdout == "{\n    \"a\": 1\n}\n")
        let error = try CogHostProcess.run(["python", "-c", "raise KeyError('k')"], in: NSTemporaryDirectory())
        #expect(error.status == 1)
        #expect(error.stderr.contains("KeyError: 'k'"))
    }

    @Test func subprocessesCanUseSysExecutable() throws {
        let code = "import subprocess, sys; print(subprocess.run([sys.executable, '-c', 'import sys; print(sys.version_info[:2])'], capture_output=True, text=True, check=True).stdout.strip())"
        let result = try CogHostProcess.run(["python", "-c", code], in: NSTemporaryDirectory())
        #expect(result.status == 0, "\(result.stderr)")
        let version = try TestPython.version().split(separator: ".")
        #expect(result.stdout == "(\(version[0]), \(version[1]))\n", "the embedded version: \(result.stdout)")
    }

    @Test func multiprocessingChildrenStart() throws {
        let project = try CogHostProcess.project(["mp.py": """
        import multiprocessing as mp
        import sys

        def square(x):
            return x * x, "%d.%d" % sys.version_info[:2]

        if __name__ == "__main__":
            with mp.get_context("spawn").Pool(2) as pool:
                print(pool.map(square, [1, 2, 3]))
        """])
        let result = try CogHostProcess.run(["python", "mp.py"], in: project)
        #expect(result.status == 0, "\(result.stderr)")
        // The children are the same Python (sys.executable is the installation's, not PATH's python3).
        let version = try TestPython.version()
        #expect(result.stdout == "[(1, '\(version)'), (4, '\(version)'), (9, '\(version)')]\n", "\(result.stdout)")
    }
}
