// Reading pyvenv.cfg and refusing virtualenvs of another Python version.
import Foundation
import PythonRuntime
import Testing

@Suite struct VirtualEnvironmentTests {
    func makeVenv(version: String) throws -> String {
        let root = NSTemporaryDirectory() + "cog-host-venv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "home = /usr/bin\ninclude-system-site-packages = false\nversion = \(version)\n"
            .write(toFile: root + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        return root
    }

    @Test func acceptsTheLinkedVersion() throws {
        let root = try makeVenv(version: "\(Python.linkedVersion).4")
        let venv = try VirtualEnvironment.load(root: root)
        #expect(venv.version == Python.linkedVersion)
        #expect(venv.sitePackages == "\(root)/lib/python\(Python.linkedVersion)/site-packages")
    }

    @Test func refusesAnotherVersionNamingBoth() throws {
        let root = try makeVenv(version: "3.12.1")
        do {
            _ = try VirtualEnvironment.load(root: root, linked: PythonVersion(major: 3, minor: 11))
            Issue.record("a 3.12 venv was accepted")
        } catch {
            #expect(error == .incompatibleVirtualEnvironment(path: root, found: PythonVersion(major: 3, minor: 12), linked: PythonVersion(major: 3, minor: 11)))
            #expect(error.description.contains("Python 3.12"))
            #expect(error.description.contains("Python 3.11"))
        }
    }

    @Test func locatesVenvsInOrder() throws {
        let project = try makeVenv(version: "3.11.2")
        let dotVenv = project + "/.venv"
        try FileManager.default.createDirectory(atPath: dotVenv, withIntermediateDirectories: true)
        try "version_info = 3.11.2\n".write(toFile: dotVenv + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        #expect(VirtualEnvironment.locate(environment: ["VIRTUAL_ENV": "/explicit"], predictorDirectory: nil, workingDirectory: project) == "/explicit")
        #expect(VirtualEnvironment.locate(environment: [:], predictorDirectory: nil, workingDirectory: project) == dotVenv)
        #expect(VirtualEnvironment.locate(environment: [:], predictorDirectory: "/nowhere", workingDirectory: "/also-nowhere") == nil)
    }
}
