// Finding and checking the virtualenv whose packages a predictor may import.
import Foundation

/// A Python virtual environment whose `site-packages` is added ahead of the system's.
public struct VirtualEnvironment: Equatable, Sendable {
    public let root: String
    public let version: PythonVersion
    public let sitePackages: String
    /// `<root>/bin/python`, if present: what child processes get as `sys.executable`.
    public let interpreter: String?

    /// Where to look, in order: `$VIRTUAL_ENV`, `.venv` beside the predictor, `.venv` in the
    /// working directory. Returns the first that exists (without validating it).
    public static func locate(environment: [String: String], predictorDirectory: String?, workingDirectory: String) -> String? {
        if let explicit = environment["VIRTUAL_ENV"], !explicit.isEmpty { return explicit }
        var candidates: [String] = []
        if let predictorDirectory { candidates.append((predictorDirectory as NSString).appendingPathComponent(".venv")) }
        candidates.append((workingDirectory as NSString).appendingPathComponent(".venv"))
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("pyvenv.cfg")) }
    }

    /// Reads `<root>/pyvenv.cfg` and refuses a venv made by another Python `major.minor` than
    /// the one `library` is.
    public static func load(root: String, for library: PythonLibrary) throws(PythonStartError) -> VirtualEnvironment {
        let configPath = (root as NSString).appendingPathComponent("pyvenv.cfg")
        guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
            throw .invalidVirtualEnvironment(path: root, reason: "no readable pyvenv.cfg")
        }
        guard let version = parseVersion(pyvenvConfig: text) else {
            throw .invalidVirtualEnvironment(path: root, reason: "pyvenv.cfg names no Python version")
        }
        guard version == library.version else {
            throw .incompatibleVirtualEnvironment(path: root, found: version, library: library)
        }
        let sitePackages = "\(root)/lib/python\(version)/site-packages"
        let interpreter = "\(root)/bin/python"
        return VirtualEnvironment(
            root: root, version: version, sitePackages: sitePackages,
            interpreter: FileManager.default.isExecutableFile(atPath: interpreter) ? interpreter : nil)
    }

    /// The `major.minor` in `version_info = 3.11.7` (or the older `version = …` key).
    static func parseVersion(pyvenvConfig text: String) -> PythonVersion? {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        guard let full = values["version_info"] ?? values["version"] else { return nil }
        let numbers = full.split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        return PythonVersion(major: numbers[0], minor: numbers[1])
    }
}
