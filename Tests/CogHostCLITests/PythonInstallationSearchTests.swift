// Finding an interpreter in made-up trees: which uv, pyenv or system installation a version
// request picks, what a virtualenv's pyvenv.cfg points at, and what is refused.
import CogEnvironment
import Foundation
import Testing

@Suite struct PythonInstallationSearchTests {
    /// A directory of fake installations: each prefix has `lib/python3.X/os.py` and, if shared,
    /// `lib/libpython3.X.so.1.0` and `bin/python3.X` (empty files: nothing is loaded here).
    final class Tree {
        let root = NSTemporaryDirectory() + "cog-host-pythons-\(UUID().uuidString)"

        func install(_ prefix: String, minor: String, shared: Bool = true, freeThreaded: Bool = false) throws {
            let path = root + "/" + prefix
            for directory in ["bin", "lib/python\(minor)"] {
                try FileManager.default.createDirectory(atPath: path + "/" + directory, withIntermediateDirectories: true)
            }
            try write(path + "/lib/python\(minor)/os.py", "")
            try write(path + "/bin/python\(minor)", "#!/bin/sh\nexit 1\n", executable: true)
            if shared { try write(path + "/lib/libpython\(minor)\(freeThreaded ? "t" : "").so.1.0", "") }
        }

        private func write(_ path: String, _ text: String, executable: Bool = false) throws {
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        }

        var search: PythonInstallationSearch {
            PythonInstallationSearch(environment: [
                "PATH": root + "/empty-path", "HOME": root, "PYENV_ROOT": root + "/pyenv", "UV_PYTHON_INSTALL_DIR": root + "/uv",
            ])
        }
    }

    @Test func aMinorVersionTakesTheNewestPatchAndUvBeforePyenv() throws {
        let tree = Tree()
        try tree.install("pyenv/versions/3.12.1", minor: "3.12")
        try tree.install("pyenv/versions/3.12.3", minor: "3.12")
        try tree.install("pyenv/versions/3.13.0", minor: "3.13")
        let newest = try tree.search.find(version: "3.12", purpose: "test")
        #expect(newest.prefix == tree.root + "/pyenv/versions/3.12.3")
        #expect(newest.fullVersion == "3.12.3" && newest.version == "3.12" && newest.origin == "pyenv")
        #expect(newest.library == tree.root + "/pyenv/versions/3.12.3/lib/libpython3.12.so.1.0")
        #expect(newest.executable == tree.root + "/pyenv/versions/3.12.3/bin/python3.12")
        #expect(try tree.search.find(version: "3.12.1", purpose: "test").prefix == tree.root + "/pyenv/versions/3.12.1", "an exact patch wins")
        #expect(try tree.search.find(version: "3.12.9", purpose: "test").fullVersion == "3.12.3", "a patch not installed: the newest of its minor")

        try tree.install("uv/cpython-3.12.8-linux-x86_64-gnu", minor: "3.12")
        try tree.install("uv/cpython-3.13.1+freethreaded-linux-x86_64-gnu", minor: "3.13", freeThreaded: true)
        let uv = try tree.search.find(version: "3.12", purpose: "test")
        #expect(uv.origin == "uv" && uv.fullVersion == "3.12.8")
        #expect(try tree.search.find(version: "3.13", purpose: "test").origin == "pyenv", "uv's free-threaded build is passed over")
    }

    @Test func aStaticInstallationIsNamedAndTheSearchSaysWhereItLooked() throws {
        let tree = Tree()
        // 3.12: the one version this machine kind has no system interpreter of (/usr/bin has 3.11).
        try tree.install("pyenv/versions/3.12.9", minor: "3.12", shared: false)
        do {
            _ = try tree.search.find(version: "3.12", purpose: "cog.yaml's build.python_version \"3.12\"")
            Issue.record("a static build was accepted")
        } catch {
            let message = error.description
            #expect(message.contains("asks for Python 3.12, and no Python 3.12 with a shared libpython is installed here"), "\(message)")
            #expect(message.contains("pyenv (\(tree.root)/pyenv/versions): 3.12.9"), "\(message)")
            #expect(message.contains("Not usable: \(tree.root)/pyenv/versions/3.12.9/bin/python3.12 (Python 3.12.9) is a static build: no shared libpython3.12.so"), "\(message)")
            #expect(message.contains("uv python install 3.12"), "\(message)")
        }
    }

    @Test func versionsOutsideThe310To313RangeAndNonsenseAreRefused() {
        let tree = Tree()
        for (asked, says) in [("3.9", "cog-host embeds CPython 3.10–3.13"), ("2.7", "cog-host embeds CPython 3.10–3.13"), ("three", "expected a version such as 3.12")] {
            #expect(throws: EnvironmentError.self) { try tree.search.find(version: asked, purpose: "test") }
            do { _ = try tree.search.find(version: asked, purpose: "test") } catch { #expect(error.description.contains(says), "\(error)") }
        }
    }

    @Test func aVirtualenvPointsAtTheInstallationItsHomeNames() throws {
        let tree = Tree()
        try tree.install("uv/cpython-3.12.8-linux-x86_64-gnu", minor: "3.12")
        let venv = tree.root + "/venv"
        try FileManager.default.createDirectory(atPath: venv, withIntermediateDirectories: true)
        try "home = \(tree.root)/uv/cpython-3.12.8-linux-x86_64-gnu/bin\nimplementation = CPython\nversion_info = 3.12.8\ninclude-system-site-packages = false\n"
            .write(toFile: venv + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        let found = try tree.search.find(virtualEnvironment: venv)
        #expect(found.prefix == tree.root + "/uv/cpython-3.12.8-linux-x86_64-gnu")
        #expect(found.fullVersion == "3.12.8" && found.library.hasSuffix("/lib/libpython3.12.so.1.0"))
        #expect(found.origin == "the virtualenv \(venv)")
    }

    @Test func debiansLayoutKeepsTheLibraryInTheMultiarchDirectory() throws {
        // The system Python this machine has (Debian's /usr/bin/python3 and libpython3.X in
        // /usr/lib/<triple>): found without running it.
        let system = try PythonInstallationSearch(environment: ["PATH": "/usr/bin"]).findDefault()
        #expect(system.prefix == "/usr")
        #expect(system.library.hasPrefix("/usr/lib/") && system.library.contains("libpython\(system.version).so"), "\(system.library)")
    }
}
