// One installed CPython that cog-host can embed: where it is, which version, its shared libpython.
import Foundation

public struct PythonInstallation: Sendable, Equatable {
    /// `<prefix>/bin/python3.12`: what managed environments are made with.
    public let executable: String
    /// The installation's prefix (`sys.base_prefix`): `<prefix>/lib/python3.12` is its stdlib.
    public let prefix: String
    /// `3.12`.
    public let version: String
    /// `3.12.1` where the installation's name tells it (pyenv, uv, a virtualenv), else `version`.
    public let fullVersion: String
    /// The shared library cog-host loads: `<prefix>/lib/libpython3.12.so.1.0`.
    public let library: String
    /// Which kind of place it was found in: `pyenv`, `uv`, `the system`, `--python`…
    public let origin: String

    public init(executable: String, prefix: String, version: String, fullVersion: String? = nil, library: String, origin: String) {
        self.executable = executable
        self.prefix = prefix
        self.version = version
        self.fullVersion = fullVersion ?? version
        self.library = library
        self.origin = origin
    }

    /// `3.12` of `3.12.4` (a text that is not a version stays as it is).
    public static func minorVersion(of text: String) -> String { RequestedVersion(text)?.minorText ?? text }

    public var major: Int { Int(version.split(separator: ".").first ?? "") ?? 0 }
    public var minor: Int { Int(version.split(separator: ".").dropFirst().first ?? "") ?? 0 }

    /// `Python 3.12.1 (pyenv: /root/.pyenv/versions/3.12.1, libpython /root/…/libpython3.12.so.1.0)`.
    public var summary: String { "Python \(fullVersion) (\(origin): \(prefix), libpython \(library))" }
}

/// The Python a project runs on, and why that one.
public struct PythonChoice: Sendable, Equatable {
    public let installation: PythonInstallation
    /// `cog.yaml's build.python_version "3.12"`, `the virtualenv /x (pyvenv.cfg)`…
    public let reason: String
    /// Warnings to print (a version asked for that another choice overrides).
    public let notes: [String]

    public init(installation: PythonInstallation, reason: String, notes: [String] = []) {
        self.installation = installation
        self.reason = reason
        self.notes = notes
    }
}
