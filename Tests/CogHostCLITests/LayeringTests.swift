// Guards the architecture: only Sources/PythonRuntime may import CPython, and no libpython is
// linked (it is loaded at run time, the one the project asks for).
import Foundation
import Testing

@Suite struct LayeringTests {
    @Test func onlyPythonRuntimeImportsCPython() throws {
        let sources = CogHostProcess.repositoryRoot + "/Sources"
        let files = try #require(FileManager.default.enumerator(atPath: sources)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        let pattern = try NSRegularExpression(pattern: #"^\s*(@preconcurrency\s+)?((public|internal|package|private|fileprivate)\s+)?import\s+CPython\b"#, options: .anchorsMatchLines)
        for file in files where !file.hasPrefix("PythonRuntime/") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            let matches = pattern.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(matches == 0, "Sources/\(file) imports CPython; only Sources/PythonRuntime may")
        }
    }

    @Test func noLibpythonIsLinkedAndNoPythonIsNeededToBuild() throws {
        // The binary's dynamic section: libpython must not be among what the loader maps.
        let readelf = try CogHostProcess.run(["-d", CogHostProcess.binary], in: CogHostProcess.repositoryRoot, executable: "/usr/bin/readelf")
        #expect(readelf.status == 0, "readelf (binutils) is needed: \(readelf.stderr)")
        let needed = readelf.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.count > 3, "\(readelf.stdout)")
        #expect(!needed.contains { $0.contains("libpython") }, "cog-host links libpython: \(needed.joined(separator: "\n"))")
        // The package names no Python's development files: no pkg-config python3-embed, no Python.h.
        let manifest = try String(contentsOfFile: CogHostProcess.repositoryRoot + "/Package.swift", encoding: .utf8)
        #expect(!manifest.contains("python3-embed") && !manifest.contains("pkgConfig"), "Package.swift asks for a Python at build time")
        let header = try String(contentsOfFile: CogHostProcess.repositoryRoot + "/Modulemaps/CPython/include/CPython.h", encoding: .utf8)
        #expect(!header.contains("#include <Python.h>") && !header.contains("#include \"Python.h\""))
    }
}
