// Finds the directory holding the hosted `cog` package (python/), wherever cog-host runs from.
public import Foundation

/// Locates `python/` — the hosted `cog` and `cog_host` packages — in this order:
/// `$COG_HOST_PYTHON_DIR`; `share/cog-host/python` beside the installed binary's `bin/`;
/// the source checkout the binary was built from.
public enum HostedPackageLocator {
    public static func pythonDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let explicit = environment["COG_HOST_PYTHON_DIR"], !explicit.isEmpty { candidates.append(explicit) }
        if let executable = executablePath {
            let binDirectory = ((executable as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            candidates.append(((binDirectory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/cog-host/python"))
        }
        candidates.append(sourceCheckoutPythonDirectory)
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("cog/__init__.py")) }
    }

    /// This process's executable. On Linux straight from /proc: `Bundle.main` would first list
    /// the executable's directory (a build directory has hundreds of entries), twice, at every start.
    static var executablePath: String? {
        #if os(Linux)
        return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
        return Bundle.main.executablePath
        #endif
    }

    /// `<checkout>/python`, derived from this file's path at compile time.
    static var sourceCheckoutPythonDirectory: String {
        let thisFile = URL(fileURLWithPath: #filePath)
        return thisFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("python").path
    }
}
