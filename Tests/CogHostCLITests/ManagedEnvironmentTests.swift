// End to end: a project's cog.yaml build: section gives it a managed environment — made once,
// cached outside the project, rebuilt when what determines it changes, never half made.
import CogEnvironment
import Foundation
import Testing

@Suite struct ManagedEnvironmentTests {
    /// uv from the tests' virtualenv (PythonPackageTests installs it from PyPI).
    static func uv() throws -> String { try PythonPackageTests.testVenv() + "/bin/uv" }

    /// A pure-Python wheel made on the spot: `import <name>` gives `VERSION` and `greet()`.
    static func wheel(_ name: String, version: String, in directory: String) throws -> String {
        let file = "\(directory)/\(name)-\(version)-py3-none-any.whl"
        let script = #"""
        import sys, zipfile
        path, name, version = sys.argv[1:4]
        info = f"{name}-{version}.dist-info"
        files = {
            f"{name}/__init__.py": f"VERSION = {version!r}\ndef greet(who):\n    return f'hello {{who}} from {name} {version}'\n",
            f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
            f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: cog-host-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        }
        with zipfile.ZipFile(path, "w") as archive:
            for member, text in files.items():
                archive.writestr(member, text)
            archive.writestr(f"{info}/RECORD", "".join(f"{member},,\n" for member in files) + f"{info}/RECORD,,\n")
        """#
        let result = try CogHostProcess.run(["-c", script, file, name, version], in: directory, executable: "/usr/bin/python3")
        #expect(result.status == 0, "\(result.stderr)")
        return file
    }

    static let predictor = #"""
    import sys
    from cog import BaseRunner

    print("setup ran", file=sys.stderr)

    class Runner(BaseRunner):
        def run(self, who: str = "world") -> str:
            import greeting, requests, yaml  # the project's package, and two Cog's SDK brings
            return greeting.greet(who) + " | " + greeting.__file__
    """#

    /// A project whose cog.yaml has `build`, with a fresh environment cache of its own.
    static func project(build: String, files: [String: String] = [:]) throws -> (directory: String, environment: [String: String]) {
        let directory = try CogHostProcess.project(files.merging(["predict.py": predictor, "cog.yaml": "run: predict.py:Runner\nbuild:\n\(build)"]) { first, _ in first })
        return (directory, ["COG_HOST_ENV_CACHE": directory + "-envs", "COG_HOST_UV": try uv()])
    }

    @Test func pythonPackagesGetAnEnvironmentMadeOnceThenReused() throws {
        let wheels = try CogHostProcess.project(["README": "wheels"])
        let wheel = try Self.wheel("greeting", version: "1.0", in: wheels)
        let (project, environment) = try Self.project(build: "  python_packages:\n    - \(wheel)\n")
        let cold = try CogHostProcess.run(["run", "-i", "who=cog"], in: project, environment: environment)
        #expect(cold.status == 0, "\(cold.stderr)")
        #expect(cold.stdout.hasPrefix("hello cog from greeting 1.0 | \(project)-envs/py\(try TestPython.version())-"), "\(cold.stdout)")
        #expect(cold.stderr.contains("cog-host: environment: installing the requirements of cog.yaml python_packages with uv"), "\(cold.stderr)")
        #expect(cold.stderr.contains("cog-host: environment: ready in "), "\(cold.stderr)")
        // Warm: no installer runs (a missing uv would fail otherwise), the same environment.
        var offline = environment
        offline["COG_HOST_UV"] = "/nonexistent/uv"
        let warm = try CogHostProcess.run(["run", "-i", "who=cog"], in: project, environment: offline)
        #expect(warm.status == 0, "\(warm.stderr)")
        #expect(warm.stdout == cold.stdout)
        #expect(!warm.stderr.contains("cog-host: environment:"), "\(warm.stderr)")
        let path = try CogHostProcess.run(["env", "path"], in: project, environment: offline).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(cold.stdout == "hello cog from greeting 1.0 | \(path)/lib/python\(try TestPython.version())/site-packages/greeting/__init__.py\n", "\(path)")
    }

    @Test func requirementsWithIncludesDropCogAndAChangeMakesANewEnvironment() throws {
        let wheels = try CogHostProcess.project(["README": "wheels"])
        _ = try Self.wheel("greeting", version: "1.0", in: wheels)
        let (project, environment) = try Self.project(build: "  python_requirements: requirements.txt\n", files: [
            "requirements.txt": "# the model's\n-r requirements/base.txt\ncog==0.23.1\n",
            "requirements/base.txt": "--find-links \(wheels)\ngreeting==1.0\n",
        ])
        let first = try CogHostProcess.run(["run"], in: project, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("hello world from greeting 1.0"), "\(first.stdout)")
        #expect(first.stderr.contains("cog-host: warning: requirements.txt: ignoring cog==0.23.1: cog-host provides the cog package itself"), "\(first.stderr)")
        let firstPath = try CogHostProcess.run(["env", "path"], in: project, environment: environment).stdout

        // A new pin in the included file: a new environment, the old one untouched.
        _ = try Self.wheel("greeting", version: "2.0", in: wheels)
        try "--find-links \(wheels)\ngreeting==2.0\n".write(toFile: project + "/requirements/base.txt", atomically: true, encoding: .utf8)
        let second = try CogHostProcess.run(["run"], in: project, environment: environment)
        #expect(second.stdout.hasPrefix("hello world from greeting 2.0"), "\(second.stdout) \(second.stderr)")
        let secondPath = try CogHostProcess.run(["env", "path"], in: project, environment: environment).stdout
        #expect(firstPath != secondPath)
        #expect(FileManager.default.fileExists(atPath: firstPath.trimmingCharacters(in: .whitespacesAndNewlines) + "/cog-host-env.json"))
    }

    @Test func twoColdStartsBuildOnceAndAnInterruptedBuildIsRedone() throws {
        let wheels = try CogHostProcess.project(["README": "wheels"])
        let wheel = try Self.wheel("greeting", version: "1.0", in: wheels)
        let (project, environment) = try Self.project(build: "  python_packages:\n    - \(wheel)\n")
        // A uv that is slow to install, so the second start finds the build under way.
        let slowUV = project + "-slow-uv"
        try "#!/bin/sh\n[ \"$1\" = pip ] && sleep 2\nexec \(try Self.uv()) \"$@\"\n".write(toFile: slowUV, atomically: true, encoding: .utf8)
        chmod(slowUV, 0o755)
        var slow = environment
        slow["COG_HOST_UV"] = slowUV

        // Both started before either is waited for (one test thread, two processes).
        let starts = try (0..<2).map { _ in try CogHostProcess.start(["env", "build"], in: project, environment: slow) }
        let outputs = starts.map { $0.wait() }
        #expect(outputs.count == 2 && outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        #expect(outputs.filter { $0.stderr.contains("installing the requirements") }.count == 1, "\(outputs.map(\.stderr))")
        #expect(outputs.contains { $0.stderr.contains("waiting for another cog-host that is making this environment") }, "\(outputs.map(\.stderr))")
        #expect(Set(outputs.map(\.stdout)).count == 1)

        // Killed while installing: nothing looks made, and the next start makes it.
        _ = try CogHostProcess.run(["env", "clean"], in: project, environment: environment)
        _ = try CogHostProcess.interrupt(["env", "build"], in: project, environment: slow, when: "installing the requirements", with: SIGKILL)
        let show = try CogHostProcess.run(["env", "show"], in: project, environment: environment)
        #expect(show.stdout.contains("(managed, not made yet"), "\(show.stdout)")
        let after = try CogHostProcess.run(["run"], in: project, environment: environment)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout.hasPrefix("hello world from greeting 1.0"))
    }

    @Test func aBadRequirementFailsBeforeSetupWithTheInstallersWords() async throws {
        let wheels = try CogHostProcess.project(["README": "wheels"])
        _ = try Self.wheel("greeting", version: "1.0", in: wheels)
        let (project, environment) = try Self.project(build: "  python_requirements: requirements.txt\n", files: [
            "requirements.txt": "--find-links \(wheels)\n--extra-index-url https://__token__:s3cr3t-index-token@example.invalid/simple\ngreeting==9.9\n",
        ])
        var offline = environment
        offline["UV_OFFLINE"] = "1"
        let result = try CogHostProcess.run(["run"], in: project, environment: offline)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cog-host: cannot install the requirements of requirements.txt (greeting==9.9): uv pip install exited with status"), "\(result.stderr)")
        #expect(result.stderr.contains("greeting"), "the installer's own lines: \(result.stderr)")
        #expect(!result.stderr.contains("setup ran"))
        #expect(!result.stderr.contains("s3cr3t-index-token"), "\(result.stderr)")
        let show = try CogHostProcess.run(["env", "show"], in: project, environment: offline)
        #expect(show.stdout.contains("https://__token__:****@example.invalid/simple") && !show.stdout.contains("s3cr3t"), "\(show.stdout)")

        // serve: the health check says SETUP_FAILED, with the installer's lines in its logs.
        let server = try ServeProcess(project: project, environment: offline)
        defer { _ = server.stop() }
        try await server.waitForStatus("SETUP_FAILED")
        let (_, health) = try await server.request("GET", "/health-check")
        #expect(health.contains("cannot install the requirements of requirements.txt (greeting==9.9)") && !health.contains("s3cr3t"), "\(health)")
    }

    @Test func anExplicitVirtualenvWinsAndIsCheckedForPins() throws {
        let wheels = try CogHostProcess.project(["README": "wheels"])
        let wheel = try Self.wheel("greeting", version: "1.0", in: wheels)
        // A version other than the test venv's, so the warning about it is due.
        let asked = try TestPython.version() == "3.12" ? "3.13" : "3.12"
        let (project, environment) = try Self.project(build: "  python_packages:\n    - greeting==1.0\n    - --find-links \(wheels)\n  system_packages:\n    - coreutils\n    - cog-host-no-such-package\n  python_version: \"\(asked)\"\n")
        _ = wheel
        var explicit = environment
        explicit["VIRTUAL_ENV"] = try PythonPackageTests.testVenv()
        let result = try CogHostProcess.run(["run"], in: project, environment: explicit)
        #expect(result.stderr.contains("cog-host: warning: the virtualenv \(try PythonPackageTests.testVenv()) ($VIRTUAL_ENV) lacks greeting==1.0 pinned in cog.yaml python_packages; it is used as it is"), "\(result.stderr)")
        #expect(result.stderr.contains("cog-host: warning: cog.yaml's system_packages are not installed: cog-host-no-such-package (apt-get install -y cog-host-no-such-package)"), "\(result.stderr)")
        #expect(result.stderr.contains("cog-host: warning: cog.yaml asks for Python \(asked); the virtualenv \(try PythonPackageTests.testVenv()) ($VIRTUAL_ENV) is Python \(try TestPython.installation().fullVersion)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project + "-envs"), "no managed environment is made")
        // --no-env: no managed environment either.
        let none = try CogHostProcess.run(["run", "--no-env"], in: project, environment: environment)
        #expect(none.stderr.contains("ModuleNotFoundError: No module named 'greeting'"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project + "-envs"))
    }

    @Test func bothRequirementFormsAreRefusedAsCogRefusesThem() throws {
        let (project, environment) = try Self.project(build: "  python_requirements: requirements.txt\n  python_packages:\n    - six\n", files: ["requirements.txt": "six\n"])
        let result = try CogHostProcess.run(["run"], in: project, environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("invalid build: only one of python_packages or python_requirements can be set, not both"), "\(result.stderr)")
    }

    @Test func withoutUVTheEnvironmentIsMadeWithPip() throws {
        let wheels = try CogHostProcess.project(["README": "wheels"])
        let wheel = try Self.wheel("greeting", version: "1.0", in: wheels)
        var (project, environment) = try Self.project(build: "  python_packages:\n    - \(wheel)\n")
        environment["COG_HOST_UV"] = "pip"
        let result = try CogHostProcess.run(["run"], in: project, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("no uv found: python -m venv and pip"), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("hello world from greeting 1.0"))
        // The environment was renamed into place: its scripts name where it is now.
        let path = try CogHostProcess.run(["env", "path"], in: project, environment: environment).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let activate = try String(contentsOfFile: path + "/bin/activate", encoding: .utf8)
        #expect(activate.contains(path) && !activate.contains(".building"))
    }

    @Test func buildCommandsRunOnlyWhenAskedAndOncePerEnvironment() throws {
        let wheels = try CogHostProcess.project(["README": "wheels"])
        let wheel = try Self.wheel("greeting", version: "1.0", in: wheels)
        let (project, environment) = try Self.project(build: "  python_packages:\n    - \(wheel)\n  run:\n    - echo made >> \"$VIRTUAL_ENV/made.txt\"\n  gpu: true\n  cuda: \"12.1\"\n")
        let listed = try CogHostProcess.run(["run"], in: project, environment: environment)
        #expect(listed.stderr.contains("cog-host: note: cog.yaml's build.run commands are not run (--run-build-commands runs them in the managed environment, once): echo made"), "\(listed.stderr)")
        #expect(listed.stderr.contains("cog-host: note: cog.yaml asks for a GPU (CUDA 12.1)"), "\(listed.stderr)")
        let path = try CogHostProcess.run(["env", "path"], in: project, environment: environment).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!FileManager.default.fileExists(atPath: path + "/made.txt"))
        for _ in 0..<2 {
            let ran = try CogHostProcess.run(["run", "--run-build-commands"], in: project, environment: environment)
            #expect(ran.status == 0, "\(ran.stderr)")
        }
        #expect(try String(contentsOfFile: path + "/made.txt", encoding: .utf8) == "made\n", "run once, in the environment")
    }
}
