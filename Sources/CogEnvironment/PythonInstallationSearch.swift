// Finding an installed CPython with a shared libpython: by version (cog.yaml's python_version,
// `--python 3.12`), by executable (`--python PATH`), by a virtualenv's pyvenv.cfg, or the
// system's python3 when nothing is asked. Only stat()s and directory listings on the way to a
// found interpreter; an interpreter is run (to ask its sysconfig) only when its layout does not
// say where its library is.
import Foundation

public struct PythonInstallationSearch: Sendable {
    public var environment: [String: String]

    /// `environment`: the variables to read (PATH, HOME, PYENV_ROOT, UV_PYTHON_INSTALL_DIR…);
    /// nil: this process's.
    public init(environment: [String: String]? = nil) {
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// The versions cog-host can embed (PythonRuntime's PyConfig tables).
    public static let supportedMinorVersions = [10, 11, 12, 13]

    // MARK: where to look

    /// uv's managed interpreters: `$UV_PYTHON_INSTALL_DIR`, else `$XDG_DATA_HOME/uv/python`,
    /// else `~/.local/share/uv/python`.
    var uvDirectory: String {
        if let explicit = environment["UV_PYTHON_INSTALL_DIR"], !explicit.isEmpty { return explicit }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/uv/python" }
        return home + "/.local/share/uv/python"
    }

    /// pyenv's interpreters: `$PYENV_ROOT/versions`, else `~/.pyenv/versions`.
    var pyenvDirectory: String {
        if let root = environment["PYENV_ROOT"], !root.isEmpty { return root + "/versions" }
        return home + "/.pyenv/versions"
    }

    var home: String { environment["HOME"] ?? NSHomeDirectory() }

    /// PATH's directories without pyenv's shims (scripts that choose by pyenv's own rules) and
    /// with the system's directories after them.
    var executableDirectories: [String] {
        var directories: [String] = []
        for directory in (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin"]
        where !directory.isEmpty && !directory.hasSuffix("/shims") && !directories.contains(directory) {
            directories.append(directory)
        }
        return directories
    }

    // MARK: by version

    /// The best installation of `requested` (`3.12` or `3.12.4`): an exact patch match first,
    /// else the newest patch of that minor; uv's, then pyenv's, then the system's, then what
    /// `uv python find` knows. Throws one message naming the version, where it looked, and how
    /// to get one.
    public func find(version requested: String, purpose: String) throws(EnvironmentError) -> PythonInstallation {
        guard let wanted = RequestedVersion(requested) else {
            throw .invalidConfiguration("\(purpose) asks for Python \"\(requested)\": expected a version such as 3.12 or 3.12.4")
        }
        guard wanted.major == 3, Self.supportedMinorVersions.contains(wanted.minor) else {
            throw .noInterpreter("\(purpose) asks for Python \(requested); cog-host embeds CPython 3.10–3.13 (a project on another version runs with Cog itself)")
        }
        var looked: [String] = []
        var refused: [String] = []
        for (origin, directory, pattern) in [("uv", uvDirectory, #"^cpython-(\d+\.\d+\.\d+)-linux-[^+]*$"#), ("pyenv", pyenvDirectory, #"^(\d+\.\d+\.\d+)$"#)] {
            let versions = Self.versionDirectories(in: directory, pattern: pattern)
            looked.append("\(origin) (\(directory)): " + (versions.isEmpty ? "none" : versions.map(\.version.text).joined(separator: ", ")))
            let matching = versions.filter { $0.version.major == wanted.major && $0.version.minor == wanted.minor }
            for candidate in Self.preferred(matching, wanted: wanted) {
                switch installation(prefix: candidate.path, minor: wanted.minorText, fullVersion: candidate.version.text, origin: origin) {
                case .found(let installation): return installation
                case .refused(let reason): refused.append(reason)
                }
            }
        }
        let name = "python\(wanted.minorText)"
        var onPath: [String] = []
        for directory in executableDirectories {
            let candidate = directory + "/" + name
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            onPath.append(candidate)
            switch installation(executable: candidate, origin: "the system") {
            case .found(let installation) where installation.version == wanted.minorText: return installation
            case .found: continue
            case .refused(let reason): refused.append(reason)
            }
        }
        looked.append("\(name) on PATH, /usr/local/bin, /usr/bin: " + (onPath.isEmpty ? "none" : onPath.joined(separator: ", ")))
        if let uv = Self.executable(named: "uv", in: executableDirectories),
           let found = Self.output(of: uv, ["python", "find", "--no-project", wanted.text]).map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }),
           !found.isEmpty, !onPath.contains(found) {
            looked.append("uv python find \(wanted.text): \(found)")
            switch installation(executable: found, origin: "uv python find") {
            case .found(let installation) where installation.version == wanted.minorText: return installation
            case .found: break
            case .refused(let reason): refused.append(reason)
            }
        }
        var message = "\(purpose) asks for Python \(requested), and no Python \(wanted.minorText) with a shared libpython is installed here."
        message += "\nLooked in: " + looked.joined(separator: "; ") + "."
        for reason in refused { message += "\nNot usable: \(reason)." }
        message += "\nInstall one with `uv python install \(wanted.minorText)` (or `pyenv install \(wanted.minorText)` with PYTHON_CONFIGURE_OPTS=--enable-shared), or name an interpreter with --python PATH."
        throw .noInterpreter(message)
    }

    // MARK: by executable, by virtualenv, by default

    /// What `--python`/`COG_HOST_PYTHON` names: an interpreter's path (with a `/`; relative to
    /// `directory`, nil: the working directory) or a version (`3.12`).
    public func find(explicit value: String, origin: String, relativeTo directory: String? = nil) throws(EnvironmentError) -> PythonInstallation {
        guard value.contains("/") else { return try find(version: value, purpose: origin) }
        return try find(executable: ProjectRequirements.absolute(value, relativeTo: directory ?? FileManager.default.currentDirectoryPath), origin: origin)
    }

    /// The installation `executable` belongs to (`--python PATH`, `COG_HOST_PYTHON`).
    public func find(executable: String, origin: String) throws(EnvironmentError) -> PythonInstallation {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw .noInterpreter("\(origin) \(executable): no such executable")
        }
        switch installation(executable: executable, origin: origin) {
        case .found(let installation): return installation
        case .refused(let reason): throw .noInterpreter("\(origin) \(executable) cannot be embedded: \(reason)")
        }
    }

    /// The installation a virtualenv was made from: `home` and `version_info` of its pyvenv.cfg.
    public func find(virtualEnvironment root: String) throws(EnvironmentError) -> PythonInstallation {
        let configPath = root + "/pyvenv.cfg"
        guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
            throw .noInterpreter("virtualenv \(root) is not usable: no readable pyvenv.cfg")
        }
        let values = Self.keyValues(text)
        guard let full = values["version_info"] ?? values["version"], let version = RequestedVersion(full) else {
            throw .noInterpreter("virtualenv \(root) is not usable: pyvenv.cfg names no Python version")
        }
        guard let home = values["home"], !home.isEmpty else {
            throw .noInterpreter("virtualenv \(root) is not usable: pyvenv.cfg names no home (the Python it was made with)")
        }
        let origin = "the virtualenv \(root)"
        let prefix = home.hasSuffix("/bin") ? String(home.dropLast(4)) : (home as NSString).deletingLastPathComponent
        switch installation(prefix: prefix, minor: version.minorText, fullVersion: version.text, origin: origin) {
        case .found(let installation): return installation
        case .refused(let reason):
            // A home that is not a prefix of the usual layout: ask the interpreter itself.
            let executable = home + "/python" + version.minorText
            if FileManager.default.isExecutableFile(atPath: executable), case .found(let installation) = probe(executable: executable, origin: origin) {
                return installation
            }
            throw .noInterpreter("virtualenv \(root) was made with Python \(version.text) from \(home), which cog-host cannot embed: \(reason)")
        }
    }

    /// No version asked for: the system's `python3` (`/usr/bin/python3`), else the first
    /// `python3` on PATH.
    public func findDefault() throws(EnvironmentError) -> PythonInstallation {
        var refused: [String] = []
        var candidates = ["/usr/bin/python3"]
        for directory in executableDirectories where !candidates.contains(directory + "/python3") { candidates.append(directory + "/python3") }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            switch installation(executable: candidate, origin: "the system") {
            case .found(let installation): return installation
            case .refused(let reason): refused.append(reason)
            }
        }
        var message = "no Python to embed: no python3 with a shared libpython in /usr/bin or on PATH"
        for reason in refused { message += "\nNot usable: \(reason)." }
        message += "\nInstall one (apt-get install -y python3-dev, or `uv python install 3.12`), or name one with --python PATH or cog.yaml's build.python_version."
        throw .noInterpreter(message)
    }

    // MARK: layouts

    enum Candidate {
        case found(PythonInstallation)
        case refused(String)
    }

    /// An installation under `prefix` of Python `minor`: its stdlib and its shared library where
    /// CPython's own install (`<prefix>/lib`) or Debian's (`<prefix>/lib/<multiarch>`) put it.
    func installation(prefix: String, minor: String, fullVersion: String, origin: String) -> Candidate {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: "\(prefix)/lib/python\(minor)/os.py") else {
            return .refused("\(prefix) has no standard library for Python \(minor) (lib/python\(minor)/os.py)")
        }
        let executable = ["\(prefix)/bin/python\(minor)", "\(prefix)/bin/python3"].first { fileManager.isExecutableFile(atPath: $0) } ?? "\(prefix)/bin/python\(minor)"
        let directories = ["\(prefix)/lib"] + Self.multiarchTriples.map { "\(prefix)/lib/\($0)" } + ["\(prefix)/lib64"]
        for directory in directories {
            for name in ["libpython\(minor).so.1.0", "libpython\(minor).so"] where fileManager.fileExists(atPath: "\(directory)/\(name)") {
                return .found(PythonInstallation(executable: executable, prefix: prefix, version: minor, fullVersion: fullVersion,
                                                 library: "\(directory)/\(name)", origin: origin))
            }
        }
        if fileManager.fileExists(atPath: "\(prefix)/lib/libpython\(minor)t.so") || fileManager.fileExists(atPath: "\(prefix)/lib/libpython\(minor)t.so.1.0") {
            return .refused("\(executable) is a free-threaded build (libpython\(minor)t); cog-host embeds the standard build with the GIL")
        }
        return .refused("\(executable) (Python \(fullVersion)) is a static build: no shared libpython\(minor).so in \(directories.joined(separator: ", ")), and cog-host loads Python from a shared library")
    }

    /// The installation `executable` belongs to: from the layout its resolved path names
    /// (`<prefix>/bin/python3.12`), else from what the interpreter says of itself.
    func installation(executable: String, origin: String) -> Candidate {
        let resolved = Self.realPath(executable)
        let name = (resolved as NSString).lastPathComponent
        if let version = RequestedVersion(name.hasPrefix("python") ? String(name.dropFirst(6)) : ""), version.patch == nil {
            let bin = (resolved as NSString).deletingLastPathComponent
            if (bin as NSString).lastPathComponent == "bin" {
                let prefix = (bin as NSString).deletingLastPathComponent
                // A virtualenv's bin/python resolves to its base interpreter; the venv itself is
                // chosen by --venv or VIRTUAL_ENV, not here.
                if case .found(let installation) = installation(prefix: prefix, minor: version.minorText, fullVersion: Self.fullVersion(inPathOf: prefix) ?? version.text, origin: origin) {
                    return .found(installation)
                }
            }
        }
        return probe(executable: executable, origin: origin)
    }

    /// Asks the interpreter for its prefix, version and shared library (sysconfig).
    func probe(executable: String, origin: String) -> Candidate {
        let script = "import sys, sysconfig; g = sysconfig.get_config_var; print(sys.base_prefix); print('%d.%d.%d' % sys.version_info[:3]); print(g('Py_ENABLE_SHARED') or 0); print(g('LIBDIR') or ''); print(g('INSTSONAME') or ''); print(g('Py_GIL_DISABLED') or 0)"
        guard let output = Self.output(of: executable, ["-I", "-c", script]) else {
            return .refused("\(executable) did not run")
        }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 6, let version = RequestedVersion(lines[1]) else { return .refused("\(executable) did not say what it is") }
        let prefix = lines[0]
        if lines[5] == "1" {
            return .refused("\(executable) is a free-threaded build (Python \(version.text)t); cog-host embeds the standard build with the GIL")
        }
        if lines[2] != "1" {
            return .refused("\(executable) (Python \(version.text)) is a static build (sysconfig Py_ENABLE_SHARED = 0): no shared libpython\(version.minorText).so, and cog-host loads Python from a shared library")
        }
        if !lines[3].isEmpty, !lines[4].isEmpty, FileManager.default.fileExists(atPath: lines[3] + "/" + lines[4]) {
            return .found(PythonInstallation(executable: executable, prefix: prefix, version: version.minorText, fullVersion: version.text,
                                             library: lines[3] + "/" + lines[4], origin: origin))
        }
        return installation(prefix: prefix, minor: version.minorText, fullVersion: version.text, origin: origin)
    }

    // MARK: helpers

    /// The path with every symlink resolved (realpath(3)); the path itself if that fails.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static var multiarchTriples: [String] {
        var system = utsname()
        uname(&system)
        let machine = withUnsafeBytes(of: &system.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return ["\(machine)-linux-gnu"]
    }

    /// `3.12.1` in a path such as `…/versions/3.12.1` or `…/cpython-3.12.1-linux-x86_64-gnu`.
    static func fullVersion(inPathOf prefix: String) -> String? {
        let name = (prefix as NSString).lastPathComponent
        let trimmed = name.hasPrefix("cpython-") ? String(name.dropFirst(8)) : name
        guard let version = RequestedVersion(String(trimmed.prefix { $0.isNumber || $0 == "." })), version.patch != nil else { return nil }
        return version.text
    }

    struct VersionDirectory {
        let version: RequestedVersion
        let path: String
    }

    /// The entries of `directory` whose name matches `pattern` (its first group: the version).
    static func versionDirectories(in directory: String, pattern: String) -> [VersionDirectory] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory),
              let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        return names.compactMap { name -> VersionDirectory? in
            guard let match = expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)),
                  let range = Range(match.range(at: 1), in: name), let version = RequestedVersion(String(name[range])) else { return nil }
            return VersionDirectory(version: version, path: directory + "/" + name)
        }.sorted { $0.version > $1.version }
    }

    /// Exact patch first, then the newest.
    static func preferred(_ candidates: [VersionDirectory], wanted: RequestedVersion) -> [VersionDirectory] {
        let exact = candidates.filter { wanted.patch != nil && $0.version.patch == wanted.patch }
        return exact + candidates.filter { candidate in !exact.contains { $0.path == candidate.path } }
    }

    static func keyValues(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return values
    }

    static func executable(named name: String, in directories: [String]) -> String? {
        directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What `executable arguments` prints on stdout, if it exits 0.
    static func output(of executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A Python version as asked for: `3.12` or `3.12.4`.
struct RequestedVersion: Comparable, Sendable {
    let major: Int
    let minor: Int
    let patch: Int?

    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.major = major
        self.minor = minor
        if parts.count == 3 {
            guard let patch = Int(parts[2]) else { return nil }
            self.patch = patch
        } else {
            patch = nil
        }
    }

    var minorText: String { "\(major).\(minor)" }
    var text: String { patch.map { "\(minorText).\($0)" } ?? minorText }

    static func < (a: RequestedVersion, b: RequestedVersion) -> Bool {
        (a.major, a.minor, a.patch ?? -1) < (b.major, b.minor, b.patch ?? -1)
    }
}
