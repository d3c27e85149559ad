// One test's queue: a fresh database, the workers' key, and the cog-host workers started on it.
import CogQueue
import Foundation
import PostgresNIO

struct QueueFleet: Sendable {
    let databaseURL: String
    let keyPath: String
    let cluster: TestPostgres

    static func make(cluster: TestPostgres? = nil) async throws -> QueueFleet {
        let cluster = try cluster ?? TestPostgres.shared.get()
        let keyPath = NSTemporaryDirectory() + "cog-host-queue-key-\(UUID().uuidString.prefix(8))"
        try SecretSealer.generatePrivateKeyText().write(toFile: keyPath, atomically: true, encoding: .utf8)
        return QueueFleet(databaseURL: try await cluster.makeDatabase(), keyPath: keyPath, cluster: cluster)
    }

    /// A `cog-host queue worker` on the queue fixture with short leases, so a lost worker's job
    /// moves on within seconds.
    func startWorker(_ extra: [String] = []) throws -> QueueProcess {
        try QueueProcess(["queue", "worker", "--database", databaseURL, "--secret-key-file", keyPath,
                          "--lease-seconds", "3", "--drain-timeout", "90", "--idle-recheck", "5"] + extra)
    }

    func withStore<T: Sendable>(_ body: @escaping @Sendable (QueueStore) async throws -> T) async throws -> T {
        try await QueueConnection.with(try QueueDatabaseURL(databaseURL), body)
    }

    /// The worker process whose id (`host-pid-random`) names this pid.
    static func process(of workerID: String, among workers: [QueueProcess]) -> QueueProcess? {
        let parts = workerID.split(separator: "-")
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
        return workers.first { $0.pid == pid }
    }

    /// Everything in the database as `pg_dump` writes it.
    func dump() throws -> String {
        let output = try Shell.run(try TestPostgres.serverBinaries() + "/pg_dump", ["--dbname", databaseURL])
        guard output.status == 0 else { throw TestFailure("pg_dump: \(output.text)") }
        return output.text
    }
}

extension QueueStore {
    /// One column of one row (nil when there is no row).
    func value<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> T? {
        var result: T?
        for try await value in try await client.query(query).decode(T.self) { result = value }
        return result
    }

    /// Jobs in this state.
    func count(state: String) async throws -> Int {
        try await value("SELECT count(*) FROM cog_host.jobs WHERE state = \(state)", as: Int.self) ?? 0
    }

    /// Sessions listening on the queue's channel (workers, and a test's own listener).
    func listeners() async throws -> Int {
        try await value("SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND datname = current_database()", as: Int.self) ?? 0
    }

    /// Submits a job of the queue fixture, its Secret sealed as `queue submit` seals it.
    func submitFixtureJob(id: String, text: String, seconds: Double, token: String, sealer: SecretSealer) async throws {
        let input = try JSONSerialization.data(withJSONObject: ["text": text, "seconds": seconds, "api_token": "**********"], options: [.sortedKeys])
        let secrets = try JSONSerialization.data(withJSONObject: ["api_token": token])
        _ = try await submit(request: QueueSubmission(
            id: id, inputJSON: String(decoding: input, as: UTF8.self),
            sealedSecrets: try sealer.seal(String(decoding: secrets, as: UTF8.self), jobID: id)))
    }
}
