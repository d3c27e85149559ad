// One cog-host binary on CPython 3.10–3.13: which interpreter a project gets (cog.yaml,
// virtualenv, --python, COG_HOST_PYTHON) and what happens when the one asked for is missing.
import CogEnvironment
import Foundation
import Testing

@Suite struct PythonVersionTests {
    static let supported = ["3.10", "3.11", "3.12", "3.13"]

    /// A predictor that says which Python runs it, in setup and in predict, and keeps a secret.
    static let predictor = """
    import sys
    from cog import BasePredictor, Input, Secret

    class Predictor(BasePredictor):
        def setup(self):
            print("setup on %d.%d.%d" % sys.version_info[:3], "—", sys.base_prefix)

        def predict(self, text: str = Input(default="ü"), token: Secret = Input(default="s3cr3t-token")) -> str:
            print("predict on %d.%d.%d" % sys.version_info[:3], token)
            return "%s %d.%d" % (text, sys.version_info[0], sys.version_info[1])
    """

    static func project(pythonVersion: String?) throws -> String {
        let build = pythonVersion.map { "build:\n  python_version: \"\($0)\"\n" } ?? ""
        return try CogHostProcess.project(["predict.py": predictor, "cog.yaml": build + "predict: \"predict.py:Predictor\"\n"])
    }

    /// The installed interpreter of `version` these tests compare against (uv's, pyenv's or the
    /// system's, as cog-host looks). Missing: the test fails and says how to install it.
    static func installed(_ version: String) throws -> PythonInstallation {
        try PythonInstallationSearch(environment: environmentWithoutChoice()).find(version: version, purpose: "the test")
    }

    /// The test process's environment without what would override cog.yaml's choice.
    static func environmentWithoutChoice() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["COG_HOST_PYTHON"] = nil
        environment["VIRTUAL_ENV"] = nil
        return environment
    }

    @Test(arguments: supported)
    func aProjectDeclaringAVersionRunsOnIt(version: String) async throws {
        let python = try Self.installed(version)
        let project = try Self.project(pythonVersion: version)
        let result = try CogHostProcess.run(["predict", "-i", "text=héllo"], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "héllo \(version)\n", "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("setup on \(python.fullVersion.hasPrefix(version + ".") ? python.fullVersion : version)"), "\(result.stderr)")
        #expect(result.stderr.contains("predict on \(version)."), "\(result.stderr)")
        #expect(result.stderr.contains(python.prefix), "sys.base_prefix is the installation's: \(result.stderr)")
        #expect(!result.stderr.contains("s3cr3t-token"), "the secret is scrubbed on \(version)")

        let server = try ServeProcess(project: project, removing: ["COG_HOST_PYTHON"])
        try await server.waitForStatus("READY")
        let (status, body) = try await server.request("POST", "/predictions", body: #"{"input": {"text": "wörld"}}"#)
        let log = server.stop()
        #expect(status == 200, "\(body)")
        #expect(body.contains("\"output\":\"wörld \(version)\""), "\(body)")
        #expect(body.contains("predict on \(version)."), "the prediction's logs: \(body)")
        #expect(!body.contains("s3cr3t-token") && !log.contains("s3cr3t-token"), "\(body)\n\(log)")
        #expect(log.contains("setup on \(version)."), "the worker's setup ran on \(version): \(log)")
    }

    @Test func noVersionAskedIsTheSystemsPython3() throws {
        let project = try Self.project(pythonVersion: nil)
        let result = try CogHostProcess.run(["predict"], in: project, removing: ["COG_HOST_PYTHON"])
        let system = try PythonInstallationSearch(environment: Self.environmentWithoutChoice()).findDefault()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ü \(system.version)\n", "\(result.stdout)")
        let show = try CogHostProcess.run(["env", "show"], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(show.stdout.contains("python: \(system.fullVersion) (no version asked for: the system's python3)"), "\(show.stdout)")
        #expect(show.stdout.contains("libpython: \(system.library)"), "\(show.stdout)")
    }

    @Test func envShowNamesTheInterpreterTheLibraryAndWhy() throws {
        let python = try Self.installed("3.13")
        let project = try Self.project(pythonVersion: "3.13")
        let show = try CogHostProcess.run(["env", "show"], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("python: \(python.fullVersion) (cog.yaml's build.python_version \"3.13\")"), "\(show.stdout)")
        #expect(show.stdout.contains("interpreter: \(python.executable) (\(python.origin))"), "\(show.stdout)")
        #expect(show.stdout.contains("libpython: \(python.library)"), "\(show.stdout)")
    }

    @Test func aVirtualenvRunsOnItsOwnPythonWhateverCogYAMLSays() throws {
        let python = try Self.installed("3.12")
        let venv = NSTemporaryDirectory() + "cog-host-venv312-\(UUID().uuidString)"
        let made = try CogHostProcess.run(["-m", "venv", "--without-pip", venv], in: NSTemporaryDirectory(), executable: python.executable)
        #expect(made.status == 0, "\(made.stderr)")
        let project = try Self.project(pythonVersion: "3.10")
        let result = try CogHostProcess.run(["predict", "--venv", venv], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ü 3.12\n", "\(result.stdout)")
        #expect(result.stderr.contains("cog-host: warning: cog.yaml asks for Python 3.10; the virtualenv \(venv) (--venv) is Python 3.12"), "\(result.stderr)")
        // Through VIRTUAL_ENV, and with --python asking for another version: the venv still wins, said.
        let active = try CogHostProcess.run(["predict", "--python", "3.11"], in: project, environment: ["VIRTUAL_ENV": venv], removing: ["COG_HOST_PYTHON"])
        #expect(active.stdout == "ü 3.12\n", "\(active.stdout)\n\(active.stderr)")
        #expect(active.stderr.contains("--python 3.11 is Python 3.11, not the Python of the virtualenv \(venv)"), "\(active.stderr)")
    }

    @Test func pythonFlagAndVariableChooseByPathOrVersion() async throws {
        let python313 = try Self.installed("3.13")
        let project = try Self.project(pythonVersion: "3.12")
        let byPath = try CogHostProcess.run(["predict", "--python", python313.executable], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(byPath.stdout == "ü 3.13\n", "\(byPath.stdout)\n\(byPath.stderr)")
        #expect(byPath.stderr.contains("cog-host: warning: cog.yaml asks for Python 3.12; --python chooses Python 3.13"), "\(byPath.stderr)")
        let byVersion = try CogHostProcess.run(["predict", "--python", "3.10"], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(byVersion.stdout == "ü 3.10\n", "\(byVersion.stdout)\n\(byVersion.stderr)")
        let byVariable = try CogHostProcess.run(["predict"], in: project, environment: ["COG_HOST_PYTHON": "3.13"])
        #expect(byVariable.stdout == "ü 3.13\n", "\(byVariable.stdout)\n\(byVariable.stderr)")
        let python = try CogHostProcess.run(["python", "-c", "import sys; print(sys.version_info[:2])"], in: project, environment: ["COG_HOST_PYTHON": python313.executable])
        #expect(python.stdout == "(3, 13)\n", "\(python.stdout)\n\(python.stderr)")
        // serve hands --python to its worker.
        let server = try ServeProcess(project: project, arguments: ["--python", "3.10"], removing: ["COG_HOST_PYTHON"])
        try await server.waitForStatus("READY")
        let (_, body) = try await server.request("POST", "/predictions", body: #"{"input": {}}"#)
        _ = server.stop()
        #expect(body.contains("\"output\":\"ü 3.10\""), "\(body)")
    }

    @Test func aMissingVersionFailsBeforeSetupSayingWhereItLooked() async throws {
        let empty = NSTemporaryDirectory() + "cog-host-no-pythons-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty + "/bin", withIntermediateDirectories: true)
        let project = try Self.project(pythonVersion: "3.12")
        // No uv, no pyenv versions, nothing on PATH but an empty directory (/usr/bin has no 3.12 here).
        let nowhere = ["PATH": empty + "/bin", "PYENV_ROOT": empty + "/pyenv", "UV_PYTHON_INSTALL_DIR": empty + "/uv", "HOME": empty]
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/python3.12") && !FileManager.default.fileExists(atPath: "/usr/local/bin/python3.12"),
                "this test needs a machine without a system python3.12")
        let result = try CogHostProcess.run(["predict"], in: project, environment: nowhere, removing: ["COG_HOST_PYTHON"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("setup on"), "nothing of the predictor ran: \(result.stderr)")
        let expected = [
            "cog.yaml's build.python_version \"3.12\" asks for Python 3.12, and no Python 3.12 with a shared libpython is installed here.",
            "Looked in: uv (\(empty)/uv): none; pyenv (\(empty)/pyenv/versions): none; python3.12 on PATH, /usr/local/bin, /usr/bin: none.",
            "Install one with `uv python install 3.12`",
            "or name an interpreter with --python PATH.",
        ]
        for line in expected { #expect(result.stderr.contains(line), "\(result.stderr)") }
        // The same through serve: the worker's setup fails with the message, the server lives.
        let server = try ServeProcess(project: project, environment: nowhere, removing: ["COG_HOST_PYTHON"])
        try await server.waitForStatus("SETUP_FAILED")
        let (_, health) = try await server.request("GET", "/health-check")
        _ = server.stop()
        #expect(health.contains("no Python 3.12 with a shared libpython is installed here") && health.contains("uv python install 3.12"), "\(health)")
        // A version cog-host cannot embed is refused as such.
        let unsupported = try CogHostProcess.run(["predict", "--python", "3.9"], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(unsupported.status == 1)
        #expect(unsupported.stderr.contains("--python asks for Python 3.9; cog-host embeds CPython 3.10–3.13"), "\(unsupported.stderr)")
    }

    @Test func aStaticInterpreterIsRefusedAsSuch() throws {
        // An installation whose python3.12 has no shared libpython beside it and whose sysconfig
        // says so (as a `--disable-shared` build, python.org's default, does).
        let prefix = NSTemporaryDirectory() + "cog-host-static-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: prefix + "/lib/python3.12", withIntermediateDirectories: true)
        try "".write(toFile: prefix + "/lib/python3.12/os.py", atomically: false, encoding: .utf8)
        let python = prefix + "/bin/python3.12"
        try "#!/bin/sh\nprintf '%s\\n' '\(prefix)' 3.12.7 0 '\(prefix)/lib' '' 0\n".write(toFile: python, atomically: true, encoding: .utf8)
        chmod(python, 0o755)
        let project = try Self.project(pythonVersion: nil)
        let result = try CogHostProcess.run(["predict", "--python", python], in: project, removing: ["COG_HOST_PYTHON"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--python \(python) cannot be embedded: \(python) (Python 3.12.7) is a static build (sysconfig Py_ENABLE_SHARED = 0): no shared libpython3.12.so, and cog-host loads Python from a shared library"), "\(result.stderr)")
    }
}
