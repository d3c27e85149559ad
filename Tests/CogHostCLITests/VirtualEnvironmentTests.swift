// Predictors import packages from the user's virtualenv, but always get the hosted cog.
import Foundation
import Testing

@Suite struct VirtualEnvironmentEndToEndTests {
    /// A virtualenv layout with a package the system Python lacks, and a stand-in for Cog's own
    /// `cog` package that must not win over the hosted one.
    func makeVenv(version: String) throws -> String {
        let root = NSTemporaryDirectory() + "cog-host-venv-\(UUID().uuidString)"
        let site = "\(root)/lib/python\(version.split(separator: ".").prefix(2).joined(separator: "."))/site-packages"
        for (path, content) in [
            "\(root)/pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = false\nversion = \(version)\n",
            "\(site)/only_in_venv/__init__.py": "GREETING = 'from the venv'\n",
            "\(site)/cog/__init__.py": "raise ImportError('the venv copy of cog was imported')\n",
            "\(site)/coglet/__init__.py": "raise ImportError('the venv copy of coglet was imported')\n",
        ] {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func venvPackagesImportAndHostedCogWins() throws {
        let venv = try makeVenv(version: "3.11.2")
        let result = try CogHostProcess.run(["run", "predict.py"], in: CogHostProcess.fixtures + "/venv_import", environment: ["VIRTUAL_ENV": venv])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("from the venv | cog=\(CogHostProcess.repositoryRoot)/python/cog/__init__.py | secret=method_descriptor"))
    }

    @Test func dotVenvBesideThePredictorIsFound() throws {
        let venv = try makeVenv(version: "3.11.2")
        let project = try CogHostProcess.project([
            "predict.py": try String(contentsOfFile: CogHostProcess.fixtures + "/venv_import/predict.py", encoding: .utf8),
        ])
        try FileManager.default.moveItem(atPath: venv, toPath: project + "/.venv")
        let result = try CogHostProcess.run(["run", "predict.py"], in: project)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("from the venv"))
    }

    @Test func venvOfAnotherPythonIsRefused() throws {
        let venv = try makeVenv(version: "3.12.4")
        let result = try CogHostProcess.run(["run", "predict.py"], in: CogHostProcess.fixtures + "/venv_import", environment: ["VIRTUAL_ENV": venv])
        #expect(result.status == 1)
        // A pyvenv.cfg that names Python 3.12.4 from /usr/bin, where no 3.12 is installed.
        #expect(result.stderr.contains("was made with Python 3.12.4 from /usr/bin, which cog-host cannot embed: /usr has no standard library for Python 3.12"), "\(result.stderr)")
    }
}
