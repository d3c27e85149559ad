// Makes a virtualenv and installs requirements into it: with uv when there is one, else with
// the interpreter's own venv and pip.
import Foundation

public struct Installer: Sendable {
    public enum Tool: Sendable, Equatable {
        /// `uv` at this path: `uv venv --relocatable`, then `uv pip install`.
        case uv(String)
        /// `python -m venv`, then the environment's own `pip install`.
        case pip
    }

    public let tool: Tool
    /// Whether stderr is a terminal: the installer then shows its own progress there.
    public let showsProgress: Bool

    public var name: String {
        switch tool {
        case .uv: return "uv"
        case .pip: return "pip"
        }
    }

    public init(tool: Tool, showsProgress: Bool) {
        self.tool = tool
        self.showsProgress = showsProgress
    }

    /// uv from `$COG_HOST_UV` (a path, or `pip` to use pip), else `uv` on PATH, else
    /// `~/.local/bin/uv` or `~/.cargo/bin/uv` (where uv's own installers put it); else pip.
    public static func find(environment: [String: String], showsProgress: Bool) -> Installer {
        if let chosen = environment["COG_HOST_UV"], !chosen.isEmpty {
            return Installer(tool: chosen == "pip" ? .pip : .uv(chosen), showsProgress: showsProgress)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let candidates = (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/uv" } + ["\(home)/.local/bin/uv", "\(home)/.cargo/bin/uv"]
        if let uv = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return Installer(tool: .uv(uv), showsProgress: showsProgress)
        }
        return Installer(tool: .pip, showsProgress: showsProgress)
    }

    /// Makes a virtualenv at `environment` with `interpreter` and installs `requirements` (run
    /// in the project root, where relative paths in requirements files are read). The
    /// environment is then moved to `final`: its scripts are written for that path.
    func make(environment: String, final: String, interpreter: PythonInstallation, requirements: String,
              projectDirectory: String, named: ProjectRequirements, report: (String) -> Void) throws(EnvironmentError) {
        let python = environment + "/bin/python"
        switch tool {
        case .uv(let uv):
            report("creating a Python \(interpreter.version) virtualenv with uv")
            try run(uv, ["venv", "--quiet", "--relocatable", "--python", interpreter.executable, environment], in: projectDirectory, step: "uv venv", named: named)
            report("installing the requirements of \(named.origin) with uv")
            try run(uv, ["pip", "install", "--python", python, "-r", requirements] + (showsProgress ? [] : ["--quiet"]),
                    in: projectDirectory, step: "uv pip install", named: named)
        case .pip:
            report("creating a Python \(interpreter.version) virtualenv (no uv found: python -m venv and pip)")
            try run(interpreter.executable, ["-m", "venv", environment], in: projectDirectory, step: "python -m venv", named: named)
            report("installing the requirements of \(named.origin) with pip")
            try run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-r", requirements] + (showsProgress ? [] : ["--quiet"]),
                    in: projectDirectory, step: "pip install", named: named)
        }
        Self.relocate(environment, to: final)
    }

    /// Rewrites the staging path (and the prompt named after it) in the environment's scripts
    /// (pip's entry points and `activate` hold it; uv's relocatable ones do not) so they work
    /// once the folder is renamed.
    static func relocate(_ environment: String, to final: String) {
        let (stagingName, finalName) = ((environment as NSString).lastPathComponent, (final as NSString).lastPathComponent)
        let bin = environment + "/bin"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: bin)) ?? [] {
            let path = bin + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil,
                  let data = FileManager.default.contents(atPath: path), data.count < 1 << 20,
                  let text = String(data: data, encoding: .utf8), text.contains(stagingName) else { continue }
            let relocated = text.replacingOccurrences(of: environment, with: final).replacingOccurrences(of: stagingName, with: finalName)
            try? relocated.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
    }

    /// Runs one installer step. Its output goes to stderr on a terminal; otherwise it is kept,
    /// and on failure its last lines (credentials masked) make the error, with the requirements
    /// they name.
    private func run(_ executable: String, _ arguments: [String], in directory: String, step: String, named: ProjectRequirements) throws(EnvironmentError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        // The installer must not install into (or resolve against) a venv the user has active.
        environment["VIRTUAL_ENV"] = nil
        environment["PIP_REQUIRE_VIRTUALENV"] = nil
        // uv trusts the system's certificate store, as pip and curl here do (a proxy's CA is
        // there, not in uv's bundled roots), unless the user chose otherwise.
        if environment["UV_NATIVE_TLS"] == nil, environment["SSL_CERT_FILE"] == nil { environment["UV_NATIVE_TLS"] = "1" }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = showsProgress ? FileHandle.standardError : output
        process.standardError = showsProgress ? FileHandle.standardError : output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .installFailed(summary: "cannot run \(executable) (\(step)): \(error.localizedDescription)", installerOutput: "")
        }
        let captured = showsProgress ? Data() : output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return }
        let text = CredentialMask.mask(String(decoding: captured, as: UTF8.self))
        let lastLines = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(25).joined(separator: "\n")
        let mentioned = named.lines.filter { line in
            guard let name = ProjectRequirements.distributionName(line) else { return false }
            return text.lowercased().contains(name) || text.lowercased().contains(name.replacingOccurrences(of: "-", with: "_"))
        }
        let which = mentioned.isEmpty ? "" : " (\(mentioned.map(CredentialMask.mask).joined(separator: ", ")))"
        throw .installFailed(
            summary: "cannot install the requirements of \(named.origin)\(which): \(step) exited with status \(process.terminationStatus)",
            installerOutput: lastLines.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
