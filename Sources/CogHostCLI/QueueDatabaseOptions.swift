// `--database` of the queue commands, and the postgres-nio client each of them runs for its life.
import ArgumentParser
import CogQueue
import Foundation

struct QueueDatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: ArgumentHelp(
        "The queue's PostgreSQL: postgres://user:password@host:5432/database (default: $COG_QUEUE_DATABASE_URL, else $DATABASE_URL).",
        valueName: "url"))
    var databaseURL: String?

    func url() throws -> QueueDatabaseURL {
        let environment = ProcessInfo.processInfo.environment
        guard let text = databaseURL ?? environment["COG_QUEUE_DATABASE_URL"] ?? environment["DATABASE_URL"], !text.isEmpty else {
            throw CommandFailure("cog-host queue: no database: pass --database postgres://… (or set COG_QUEUE_DATABASE_URL)")
        }
        do {
            return try QueueDatabaseURL(text)
        } catch {
            throw CommandFailure("cog-host queue: \(error)")
        }
    }

    /// Runs `body` with the queue's store; database problems become the command's failure.
    func withStore<T: Sendable>(_ body: @escaping @Sendable (QueueStore) async throws -> T) async throws -> T {
        do {
            return try await QueueConnection.with(try url(), body)
        } catch let error as QueueDatabaseError {
            throw CommandFailure("cog-host queue: \(error)")
        }
    }
}
