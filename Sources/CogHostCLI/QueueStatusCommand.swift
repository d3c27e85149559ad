// `cog-host queue status`: a job's prediction document (its result, or its progress while it runs).
import ArgumentParser
import CogQueue

struct QueueStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print a job's prediction document (status, output, error, logs, metrics, timestamps).")

    @OptionGroup var database: QueueDatabaseOptions
    @Argument(help: "The job's id.") var id: String
    @Flag(help: "Wait for the job to end first (LISTEN, no polling); exit 1 unless it succeeded.") var wait = false

    func run() throws {
        let (database, id, wait) = (database, id, wait)
        try BlockingAsync.run {
            let status = try await database.withStore { store in
                wait ? try await store.waitForEnd(id: id) : try await store.status(id: id)
            }
            guard let status else { throw CommandFailure("cog-host queue status: no job \(id)") }
            StandardStreams.writeResult(status.document)
            if wait && status.state != .succeeded { throw ExitCode(1) }
        }
    }
}
