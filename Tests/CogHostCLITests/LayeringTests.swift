// Guards the architecture: only Sources/PythonRuntime may import CPython.
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
}
