// A virtualenv made from a project's requirements, cached outside the project and reused.
import Crypto
import Foundation

/// The environment cog-host makes for a project whose cog.yaml declares Python packages.
///
/// It lives in `<cache>/<key>`, where the key hashes what determines it (the requirement lines
/// and the files they include, local files' stamps, the interpreter, cog-host's environment
/// format, the Cog SDK's own dependencies). A build happens once: under an exclusive lock on
/// `<cache>/<key>.lock` (a second cog-host waits, then finds it made), into a folder of its
/// own that is renamed into place only when complete, with `cog-host-env.json` written last
/// inside it. A warm start reads cog.yaml and the requirement files, hashes them and checks one
/// file: no installer runs.
public struct ManagedEnvironment: Sendable {
    /// Bumped when what cog-host puts into an environment changes, so old ones are not reused.
    static let format = "cog-host-env-2"
    /// Written last, inside a complete environment.
    static let markerName = "cog-host-env.json"

    public let request: EnvironmentRequest
    public let requirements: ProjectRequirements
    public let interpreter: PythonInstallation
    public let cache: String
    public let key: String

    public var path: String { (cache as NSString).appendingPathComponent(key) }
    public var isBuilt: Bool { FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(Self.markerName)) }

    public init(request: EnvironmentRequest, interpreter: PythonInstallation, cache: String) throws(EnvironmentError) {
        self.request = request
        self.requirements = try ProjectRequirements.read(request)
        self.interpreter = interpreter
        self.cache = cache
        var material = "\(Self.format)\ninterpreter \(interpreter.version) \(interpreter.executable)\n"
        material += CogSDKRequirements.lines.map { "sdk \($0)\n" }.joined()
        material += requirements.keyMaterial
        let digest = SHA256.hash(data: Data(material.utf8))
        key = "py\(interpreter.version)-" + digest.prefix(10).map { String(format: "%02x", $0) }.joined()
    }

    /// The requirements file the installer gets: the project's lines, then Cog's SDK's own
    /// dependencies (a Cog environment always has them; the project's pins win).
    var installerRequirements: String {
        let project = requirements.lines.joined(separator: "\n")
        return "# made by cog-host from \(requirements.origin)\n\(project)\n# what Cog's SDK brings\n" + CogSDKRequirements.lines.joined(separator: "\n") + "\n"
    }

    /// Makes the environment unless it is made already; returns its path. `report` gets one
    /// line per step (and, on a terminal, the installer writes its own progress to stderr).
    public func prepare(installer: Installer, report: (String) -> Void) throws(EnvironmentError) -> String {
        if isBuilt { return path }
        do {
            try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        } catch {
            throw .cache("cannot create the environment cache \(cache): \(error.localizedDescription)")
        }
        let lock = try FileLock(path: path + ".lock")
        if !lock.tryLock() {
            report("waiting for another cog-host that is making this environment (\(path))")
            lock.lock()
        }
        defer { lock.unlock() }
        if isBuilt { return path }
        let started = ContinuousClock.now
        // A folder of this key left by an interrupted build is not complete: start again.
        let staging = path + ".building"
        let requirementsFile = path + ".requirements.txt"
        try? FileManager.default.removeItem(atPath: staging)
        try? FileManager.default.removeItem(atPath: path)
        do {
            try installerRequirements.write(toFile: requirementsFile, atomically: true, encoding: .utf8)
        } catch {
            throw .cache("cannot write into the environment cache \(cache): \(error.localizedDescription)")
        }
        try installer.make(environment: staging, final: path, interpreter: interpreter, requirements: requirementsFile,
                           projectDirectory: request.projectDirectory, named: requirements, report: report)
        try? FileManager.default.moveItem(atPath: requirementsFile, toPath: staging + "/cog-host-requirements.txt")
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let record: [String: Any] = [
            "format": Self.format, "key": key, "interpreter": interpreter.executable, "python": interpreter.version,
            "installer": installer.name, "requirements_from": requirements.origin,
            "build_seconds": (seconds * 10).rounded() / 10, "built_at": ISO8601DateFormatter().string(from: Date()),
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .prettyPrinted])
            try data.write(to: URL(fileURLWithPath: staging + "/" + Self.markerName + ".partial"))
            try FileManager.default.moveItem(atPath: staging + "/" + Self.markerName + ".partial", toPath: staging + "/" + Self.markerName)
            try FileManager.default.moveItem(atPath: staging, toPath: path)
        } catch {
            throw .cache("cannot finish the environment \(path): \(error.localizedDescription)")
        }
        report(String(format: "ready in %.1f s: %@", seconds, path))
        return path
    }

    /// Where environments live: `--env-cache`, else `$COG_HOST_ENV_CACHE`, else
    /// `$XDG_CACHE_HOME/cog-host/envs`, else `~/.cache/cog-host/envs`.
    public static func cacheDirectory(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = environment["COG_HOST_ENV_CACHE"], !variable.isEmpty { return variable }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/cog-host/envs" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/cog-host/envs"
    }
}
