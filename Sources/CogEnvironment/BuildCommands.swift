// cog.yaml's build.run commands, run in a managed environment only when asked, once each.
import Crypto
import Foundation

public enum BuildCommands {
    /// Runs `commands` with `/bin/sh -c` in the project root, with the environment's `bin` first
    /// on PATH and `VIRTUAL_ENV` set, unless this environment ran exactly these already.
    public static func runOnce(_ commands: [String], in environment: String, projectDirectory: String, report: (String) -> Void) throws(EnvironmentError) {
        guard !commands.isEmpty else { return }
        let digest = SHA256.hash(data: Data(commands.joined(separator: "\n").utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        let marker = environment + "/cog-host-build-commands-\(digest).done"
        if FileManager.default.fileExists(atPath: marker) { return }
        for command in commands {
            report("cog-host: environment: running build command: \(CredentialMask.mask(command))")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = URL(fileURLWithPath: projectDirectory)
            var variables = ProcessInfo.processInfo.environment
            variables["VIRTUAL_ENV"] = environment
            variables["PATH"] = environment + "/bin:" + (variables["PATH"] ?? "/usr/bin:/bin")
            process.environment = variables
            process.standardOutput = FileHandle.standardError
            do {
                try process.run()
            } catch {
                throw .installFailed(summary: "cannot run the build command \(CredentialMask.mask(command)): \(error.localizedDescription)", installerOutput: "")
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw .installFailed(summary: "the build command \(CredentialMask.mask(command)) exited with status \(process.terminationStatus)", installerOutput: "")
            }
        }
        FileManager.default.createFile(atPath: marker, contents: Data())
    }
}
