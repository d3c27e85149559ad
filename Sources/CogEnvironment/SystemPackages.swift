// cog.yaml's system_packages: checked with dpkg, never installed by cog-host.
import Foundation

public enum SystemPackages {
    /// The packages of `names` that dpkg does not list as installed (all of them when dpkg is
    /// not there to ask).
    public static func missing(_ names: [String]) -> [String] {
        names.filter { !isInstalled($0) }
    }

    static func isInstalled(_ name: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dpkg-query")
        process.arguments = ["-W", "-f=${Status}", name]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let status = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 && status.hasSuffix("install ok installed")
    }
}
