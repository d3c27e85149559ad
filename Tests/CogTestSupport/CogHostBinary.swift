// Where the tests find the repository and the cog-host binary they run.
import Foundation

public enum CogHostBinary {
    /// The repository's root (this file is Tests/CogTestSupport/CogHostBinary.swift).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The cog-host binary built beside the test bundle (debug or release), else .build/debug's.
    public static var path: String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("cog-host").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return repositoryRoot + "/.build/debug/cog-host"
    }
}
