// `cog-host queue migrate`: make or update the queue's schema without starting a worker.
import ArgumentParser
import CogQueue

struct QueueMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the queue's schema migrations (workers also do it when they start).")

    @OptionGroup var database: QueueDatabaseOptions

    func run() throws {
        let database = database
        try BlockingAsync.run {
            let (applied, version) = try await database.withStore { store in
                (try await store.migrate(), try await store.schemaVersion())
            }
            let now = version.map { "schema version \($0)" } ?? "no schema"
            StandardStreams.writeResult(applied.isEmpty ? "up to date (\(now))" : "applied \(applied.map(String.init).joined(separator: ", ")) (\(now))")
        }
    }
}
