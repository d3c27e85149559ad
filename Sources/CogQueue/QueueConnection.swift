// Opens the queue's database for one command's life: the postgres-nio client runs beside the body.
public import Logging
import PostgresNIO

/// A database problem worded for a person: the server's message, or what did not answer.
public struct QueueDatabaseError: Error, CustomStringConvertible {
    public let description: String
}

public enum QueueConnection {
    /// Runs `body` with a store whose client runs meanwhile, and stops the client after it.
    /// PostgreSQL's errors and timeouts come out as `QueueDatabaseError`; others as they are.
    /// `checkFirst` (a one-shot command's choice) opens one connection before the body, so a
    /// wrong address, database, role or password fails at once with the server's reason,
    /// where the client's pool would retry until the store's timeout.
    public static func with<T: Sendable>(_ url: QueueDatabaseURL, checkFirst: Bool = true, logger: Logger = quietLogger,
                                         _ body: @escaping @Sendable (QueueStore) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: url.clientConfiguration, backgroundLogger: logger)
        var store = QueueStore(client: client, logger: logger)
        store.diagnose = { try await check(url, logger: logger) }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            do {
                if checkFirst { try await check(url, logger: logger) }
                return try await body(store)
            } catch let error as PSQLError {
                throw QueueDatabaseError(description: "\(url): \(QueueWorker.describe(error))")
            } catch is QueueStore.TimedOut {
                throw QueueDatabaseError(description: "\(url) did not answer (is PostgreSQL running there?)")
            }
        }
    }

    /// Opens one connection directly and closes it: throws at once, with PostgreSQL's reason,
    /// what the client's pool would only retry (connection refused, no such database or role,
    /// a wrong password).
    public static func check(_ url: QueueDatabaseURL, logger: Logger = quietLogger) async throws {
        let connection = try await PostgresConnection.connect(configuration: try url.connectionConfiguration(), id: 0, logger: logger)
        try await connection.close()
    }

    /// postgres-nio's own log, silenced: the queue reports database trouble itself.
    public static var quietLogger: Logger {
        var logger = Logger(label: "cog-host.queue.postgres")
        logger.logLevel = .critical
        return logger
    }
}
