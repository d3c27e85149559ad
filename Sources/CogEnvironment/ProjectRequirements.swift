// A project's Python requirements as Cog's build would install them: cog.yaml's
// python_packages or its python_requirements file (with its -r includes), less Cog's own SDK.
import Foundation

/// The requirement lines to install, read once from cog.yaml and the files it names.
///
/// Done as Cog's build does: `python_requirements` and `python_packages` together are refused;
/// lines naming `cog` or `coglet` are dropped with a warning (the hosted `cog` always wins);
/// options (`--extra-index-url`, `--index-url`, `-f`/`--find-links`, `-c`) and local wheel or
/// sdist paths are kept; `-r` includes are read in place, relative to the file that includes
/// them. `keyMaterial` is everything that determines the environment, for its cache key.
public struct ProjectRequirements: Sendable, Equatable {
    /// The lines for the installer, in order (relative paths made absolute).
    public let lines: [String]
    /// Text that determines the environment: every line read, and the size and modification
    /// time of local files the lines name (not their contents: wheels can be large).
    public let keyMaterial: String
    /// `name==version` pins, lower-cased, for checking an explicit virtualenv.
    public let pins: [(name: String, version: String)]
    /// One line each, for stderr.
    public let warnings: [String]
    /// Where the lines came from, for messages: `requirements.txt` or `cog.yaml python_packages`.
    public let origin: String

    public static func == (lhs: ProjectRequirements, rhs: ProjectRequirements) -> Bool {
        lhs.lines == rhs.lines && lhs.keyMaterial == rhs.keyMaterial
    }

    public static func read(_ request: EnvironmentRequest) throws(EnvironmentError) -> ProjectRequirements {
        if request.requirementsFile != nil, !request.pythonPackages.isEmpty {
            throw .invalidConfiguration("invalid build: only one of python_packages or python_requirements can be set, not both")
        }
        var reader = Reader(projectDirectory: request.projectDirectory)
        let origin: String
        if let file = request.requirementsFile {
            origin = file
            try reader.read(file: absolute(file, relativeTo: request.projectDirectory), named: file, depth: 0)
        } else {
            origin = "cog.yaml python_packages"
            reader.warnings.append("cog-host: warning: deprecated field \"build.python_packages\": use \"build.python_requirements\" instead")
            for line in request.pythonPackages { try reader.take(line, baseDirectory: request.projectDirectory, source: origin) }
        }
        return ProjectRequirements(lines: reader.lines, keyMaterial: reader.keyMaterial, pins: reader.pins, warnings: reader.warnings, origin: origin)
    }

    /// `path` made absolute against `directory`.
    public static func absolute(_ path: String, relativeTo directory: String) -> String {
        path.hasPrefix("/") ? path : ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// The distribution name a requirement line starts with (`Pillow[extra]>=1` → `pillow`),
    /// nil for options and paths.
    public static func distributionName(_ line: String) -> String? {
        guard let first = line.unicodeScalars.first, CharacterSet.alphanumerics.contains(first) else { return nil }
        let name = line.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        guard !name.isEmpty, !line.contains("/") || line.contains(" @ ") else { return nil }
        return normalized(String(name))
    }

    /// PEP 503 normalization: lower case, runs of `-_.` as one `-`.
    public static func normalized(_ name: String) -> String {
        var result = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { result.append("-") }
                lastWasSeparator = true
            } else {
                result.append(character)
                lastWasSeparator = false
            }
        }
        return result
    }

    private struct Reader {
        let projectDirectory: String
        var lines: [String] = []
        var keyMaterial = ""
        var pins: [(name: String, version: String)] = []
        var warnings: [String] = []

        init(projectDirectory: String) {
            self.projectDirectory = projectDirectory
        }

        mutating func read(file path: String, named name: String, depth: Int) throws(EnvironmentError) {
            guard depth < 10 else { throw .invalidConfiguration("\(name): -r includes nest more than 10 deep") }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .invalidConfiguration("cannot read the requirements file \(name) (\(path))")
            }
            keyMaterial += "file \(name)\n"
            let directory = (path as NSString).deletingLastPathComponent
            var pending = ""
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var line = String(rawLine)
                if line.hasSuffix("\r") { line.removeLast() }
                // A trailing backslash continues the line (pip's syntax).
                if line.hasSuffix("\\") {
                    pending += line.dropLast() + " "
                    continue
                }
                line = pending + line
                pending = ""
                let include = Self.option(line, names: ["-r", "--requirement"])
                if let include {
                    try read(file: ProjectRequirements.absolute(include, relativeTo: directory), named: include, depth: depth + 1)
                    continue
                }
                try take(line, baseDirectory: directory, source: name)
            }
        }

        mutating func take(_ rawLine: String, baseDirectory: String, source: String) throws(EnvironmentError) {
            var line = rawLine
            if let hash = line.range(of: " #") ?? (line.hasPrefix("#") ? line.range(of: "#") : nil) { line = String(line[..<hash.lowerBound]) }
            line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { return }
            keyMaterial += "line \(line)\n"
            if let name = ProjectRequirements.distributionName(line), name == "cog" || name == "coglet" {
                warnings.append("cog-host: warning: \(source): ignoring \(CredentialMask.mask(line)): cog-host provides the cog package itself")
                return
            }
            if let constraints = Self.option(line, names: ["-c", "--constraint"]) {
                let path = ProjectRequirements.absolute(constraints, relativeTo: baseDirectory)
                keyMaterial += (try? String(contentsOfFile: path, encoding: .utf8)).map { "constraints \($0)\n" } ?? ""
                lines.append("-c \(path)")
                return
            }
            if let links = Self.option(line, names: ["-f", "--find-links"]), !links.contains("://") {
                let path = ProjectRequirements.absolute(links, relativeTo: projectDirectory)
                keyMaterial += Self.fileStamp(path)
                lines.append("--find-links \(path)")
                return
            }
            if line.hasPrefix("-") {
                lines.append(line)
                return
            }
            // A local wheel, sdist or directory: relative to the project root, as pip reads it there.
            if line.hasPrefix(".") || line.hasPrefix("/") || line.hasSuffix(".whl") || line.hasSuffix(".tar.gz") || line.hasSuffix(".zip") {
                if !line.contains("://") {
                    let path = ProjectRequirements.absolute(line, relativeTo: projectDirectory)
                    keyMaterial += Self.fileStamp(path)
                    lines.append(path)
                    return
                }
            }
            if let name = ProjectRequirements.distributionName(line), let equals = line.range(of: "==") {
                let version = line[equals.upperBound...].prefix { !$0.isWhitespace && $0 != ";" && $0 != "," }
                if !version.isEmpty, !version.contains("*") { pins.append((name, String(version))) }
            }
            lines.append(line)
        }

        /// The value of `-r FILE`, `-rFILE`, `--requirement=FILE` and the like.
        static func option(_ line: String, names: [String]) -> String? {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for name in names where trimmed.hasPrefix(name) {
                var rest = trimmed.dropFirst(name.count)
                if rest.hasPrefix("=") { rest = rest.dropFirst() } else if name.hasPrefix("--"), !(rest.first?.isWhitespace ?? false) { continue }
                let value = rest.trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
            return nil
        }

        /// Size and modification time of a local file or directory: enough to notice a new wheel
        /// without reading it.
        static func fileStamp(_ path: String) -> String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "stamp \(path) \(size) \(modified)\n"
        }
    }
}
