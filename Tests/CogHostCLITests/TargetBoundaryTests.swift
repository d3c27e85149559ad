// Guards the target graph: every module a target imports is declared in its Package.swift entry,
// and CogCore stays pure (no files, processes or sockets: I/O lives in the front ends).
import Foundation
import Testing

@Suite struct TargetBoundaryTests {
    /// What the toolchain provides without a declaration.
    static let toolchainModules: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Glibc", "Musl",
        "Darwin", "Synchronization", "Testing", "XCTest", "_Concurrency", "PackageDescription",
    ]

    static let manifest: PackageManifestTargets = {
        let text = (try? String(contentsOfFile: CogHostProcess.repositoryRoot + "/Package.swift", encoding: .utf8)) ?? ""
        return PackageManifestTargets(manifest: text)
    }()

    /// The modules a Swift file imports (`import X`, `public import X`, `@testable import X`…),
    /// from lines that start an import (text inside multi-line string literals is indented).
    static func importedModules(of text: String) -> [String] {
        let pattern = #/^(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:(?:public|internal|package|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)/#
        return text.split(separator: "\n").compactMap { line in (try? pattern.prefixMatch(in: line)).map { String($0.1) } }
    }

    static func swiftFiles(under directory: String) -> [String] {
        let root = CogHostProcess.repositoryRoot + "/" + directory
        let entries = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return entries.filter { $0.hasSuffix(".swift") }.map { root + "/" + $0 }
    }

    @Test func theManifestIsReadWhole() throws {
        let names = Set(Self.manifest.targets.map(\.name))
        for expected in ["CPython", "PythonRuntime", "CogCore", "CogWorkerProtocol", "CogWorker", "CogPython", "CogHTTP", "CogHostCLI", "CogHTTPTests"] {
            #expect(names.contains(expected), "Package.swift as read lacks the target \(expected): \(names.sorted())")
        }
        let http = try #require(Self.manifest.targets.first { $0.name == "CogHTTP" })
        #expect(http.dependencies.isSuperset(of: ["CogCore", "Hummingbird", "NIOCore"]) && !http.dependencies.contains("hummingbird"), "\(http.dependencies.sorted())")
    }

    @Test func everyImportedModuleIsDeclared() throws {
        let targets = Self.manifest.targets
        #expect(targets.count >= 12)
        for target in targets {
            let files = Self.swiftFiles(under: target.directory)
            if target.name == "CPython" { continue }  // C only
            #expect(!files.isEmpty, "\(target.name): no Swift files under \(target.directory)")
            for file in files {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                for module in Self.importedModules(of: text) where module != target.name && !Self.toolchainModules.contains(module) {
                    #expect(target.dependencies.contains(module), "\(file.dropFirst(CogHostProcess.repositoryRoot.count + 1)) imports \(module), which the \(target.name) entry of Package.swift does not declare (declared: \(target.dependencies.sorted().joined(separator: ", ")))")
                }
            }
        }
    }

    @Test func theImportScannerSeesEveryForm() {
        let text = """
            import Foundation
            public import CogCore
            @testable import CogHostCLI
            @preconcurrency internal import NIOCore
            import struct Logging.Logger
                import NotAnImport
            let s = "import Nothing"
            """
        #expect(Self.importedModules(of: text) == ["Foundation", "CogCore", "CogHostCLI", "NIOCore", "Logging"])
    }

    /// CogCore is the pure domain: it formats and validates values and never touches the file
    /// system, processes or sockets. Reading a file an input names (CLI) or an output file
    /// (data URLs) happens in the front end that needs it.
    @Test func cogCoreDoesNoIO() throws {
        let forbidden = #/\b(FileManager|FileHandle|ProcessInfo|Process\(\)|URL\(fileURLWithPath|contentsOfFile|Data\(contentsOf|String\(contentsOf|write\(to(File)?:|fopen|fread|fwrite|opendir|readdir|unlink|mkdir|socket|getenv|setenv|popen|posix_spawn|open\()/#
        let files = Self.swiftFiles(under: "Sources/CogCore")
        #expect(files.count > 10)
        for file in files {
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                if let match = try? forbidden.firstMatch(in: code) {
                    Issue.record("\(file.dropFirst(CogHostProcess.repositoryRoot.count + 1)):\(number + 1) uses \(match.1): CogCore does no I/O (README, directory map)")
                }
            }
        }
    }

    /// The queue knows PostgreSQL and nothing of HTTP or Python: it runs jobs through a
    /// `QueueJobRunner`, which the CLI wires to the HTTP server's pipeline.
    @Test func theQueueKnowsNeitherHTTPNorPython() throws {
        let queue = try #require(Self.manifest.targets.first { $0.name == "CogQueue" })
        let outside: Set<String> = ["CogHTTP", "CogPython", "PythonRuntime", "CPython", "CogWorker", "Hummingbird", "CogHostCLI"]
        #expect(queue.dependencies.isDisjoint(with: outside), "\(queue.dependencies.sorted())")
        for file in Self.swiftFiles(under: queue.directory) {
            let imported = Set(Self.importedModules(of: try String(contentsOfFile: file, encoding: .utf8)))
            #expect(imported.isDisjoint(with: outside), "\(file): \(imported.sorted())")
        }
    }
}
