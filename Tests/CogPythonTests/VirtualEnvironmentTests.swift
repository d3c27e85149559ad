// Reading pyvenv.cfg and refusing virtualenvs of another Python version.
import CogEnvironment
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

    let library311 = PythonLibrary(path: "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", home: "/usr", version: PythonVersion(major: 3, minor: 11))

    @Test func acceptsTheLoadedVersion() throws {
        let root = try makeVenv(version: "3.11.4")
        let venv = try VirtualEnvironment.load(root: root, for: library311)
        #expect(venv.version == PythonVersion(major: 3, minor: 11))
        #expect(venv.sitePackages == "\(root)/lib/python3.11/site-packages")
    }

    @Test func refusesAnotherVersionNamingBoth() throws {
        let root = try makeVenv(version: "3.12.1")
        do {
            _ = try VirtualEnvironment.load(root: root, for: library311)
            Issue.record("a 3.12 venv was accepted")
        } catch {
            #expect(error == .incompatibleVirtualEnvironment(path: root, found: PythonVersion(major: 3, minor: 12), library: library311))
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

    @Test func theSearchAndTheRuntimeSupportTheSameVersions() {
        // CogEnvironment refuses early what PythonRuntime has no PyConfig layout for.
        #expect(PythonLibrary.supportedVersions.map(\.minor) == PythonInstallationSearch.supportedMinorVersions)
        #expect(PythonLibrary.supportedVersions.allSatisfy { $0.major == 3 })
    }

    @Test func theLoadedLibraryIsTheOneAskedForAndOnlyOne() throws {
        try TestInterpreter.start()
        let loaded = try #require(PythonLibrary.current)
        #expect(try TestInterpreter.evaluate("'%d.%d' % __import__('sys').version_info[:2]") == loaded.version.description)
        #expect(try TestInterpreter.evaluate("__import__('sys').base_prefix") == loaded.home)
        #expect(throws: PythonStartError.self) {
            try PythonLibrary.load(PythonLibrary(path: "/nonexistent/libpython3.12.so", home: "/nonexistent", version: PythonVersion(major: 3, minor: 12)))
        }
        #expect(throws: PythonStartError.self) {
            try PythonLibrary.load(PythonLibrary(path: loaded.path, home: loaded.home, version: PythonVersion(major: 3, minor: 9)))
        }
    }
}
