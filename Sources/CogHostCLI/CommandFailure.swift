// The one place CLI failures become a message on stderr and an exit status.
import ArgumentParser
import Foundation

/// A failure the CLI reports as a bare message on stderr with exit status 1, like Cog's CLI.
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

enum FailureReporting {
    /// Runs `body`; a `CommandFailure` (or any other error) is printed and becomes exit status 1.
    static func run(_ body: () throws -> Void) throws {
        defer { StandardStreams.finishScrubbing() }
        do {
            try body()
        } catch let failure as CommandFailure {
            StandardStreams.writeError(failure.message)
            throw ExitCode(1)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            StandardStreams.writeError(String(describing: error))
            throw ExitCode(1)
        }
    }
}
