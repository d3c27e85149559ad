// `cog-host queue cancel`: a queued job ends canceled; a running one is stopped by its worker.
import ArgumentParser
import CogQueue

struct QueueCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a job: a queued one at once, a running one through its worker (within a second).")

    @OptionGroup var database: QueueDatabaseOptions
    @Argument(help: "The job's id.") var id: String

    func run() throws {
        let (database, id) = (database, id)
        try BlockingAsync.run {
            let state = try await database.withStore { store in try await store.cancel(id: id) }
            guard let state else { throw CommandFailure("cog-host queue cancel: no job \(id)") }
            StandardStreams.writeResult(state == .running ? "canceling (its worker stops it)" : state.rawValue)
        }
    }
}
