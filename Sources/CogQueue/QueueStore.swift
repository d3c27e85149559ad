// Every SQL statement of the queue: migrations, submitting, claiming with leases, progress, results, stats.
import Foundation
public import Logging
public import PostgresNIO

/// The queue's tables through one postgres-nio client. Each call is one statement (or one
/// transaction), bounded by `timeout`: a database that is down fails the call instead of
/// hanging it (postgres-nio's pool would wait up to a minute), and callers retry with backoff.
public struct QueueStore: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    public var timeout: Duration = .seconds(10)
    /// Run when a call timed out: throws why the database cannot be reached, if it can tell
    /// (`QueueConnection` opens one connection directly), so the reason is reported, not the timeout.
    public var diagnose: (@Sendable () async throws -> Void)?

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// A database call that did not answer in time.
    public struct TimedOut: Error, CustomStringConvertible {
        public var description: String { "the database did not answer in time" }
    }

    func bounded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = await Self.race(body, timeout: timeout)
        switch outcome {
        case .finished(let result):
            return try result.get()
        case .timedOut:
            try await diagnose?()
            throw TimedOut()
        }
    }

    enum RaceOutcome<T: Sendable>: Sendable {
        case finished(Result<T, any Error>)
        case timedOut
    }

    /// Runs `body` against a timer and returns whichever ends first, without waiting for the
    /// other: a query on a connection whose peer vanished (no reset, packets dropped) does not
    /// end when canceled, so a task group, which awaits all its children, would hang with it.
    /// The loser is canceled and left to end on its own.
    static func race<T: Sendable>(_ body: @escaping @Sendable () async throws -> T, timeout: Duration) async -> RaceOutcome<T> {
        let first = FirstOutcome<RaceOutcome<T>>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<RaceOutcome<T>, Never>) in
                first.waiting(continuation)
                let work = Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await body()) } catch { result = .failure(error) }
                    first.settle(.finished(result))
                }
                let timer = Task {
                    try? await Task.sleep(for: timeout)
                    first.settle(.timedOut)
                }
                first.onSettle { work.cancel(); timer.cancel() }
            }
        } onCancel: {
            first.settle(.finished(.failure(CancellationError())))
        }
    }

    // MARK: Schema

    /// Applies the migrations not yet applied; returns the versions it applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await bounded { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(QueueSchema.advisoryLock))", logger: logger)
                for statement in QueueSchema.bootstrap {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                var applied = Set<Int>()
                for try await version in try await connection.query("SELECT version FROM cog_host.schema_migrations", logger: logger).decode(Int.self) {
                    applied.insert(version)
                }
                var newlyApplied: [Int] = []
                for migration in QueueSchema.migrations where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO cog_host.schema_migrations (version, description) VALUES (\(migration.version), \(migration.description))",
                        logger: logger)
                    newlyApplied.append(migration.version)
                }
                return newlyApplied
            }
        }
    }

    /// The newest migration applied, or nil when the schema does not exist yet.
    public func schemaVersion() async throws -> Int? {
        try await bounded { [client] in
            let exists = try await client.query("SELECT to_regclass('cog_host.schema_migrations') IS NOT NULL").decode(Bool.self)
            var present = false
            for try await value in exists { present = value }
            guard present else { return nil }
            var version: Int?
            for try await value in try await client.query("SELECT max(version) FROM cog_host.schema_migrations").decode(Int?.self) { version = value }
            return version
        }
    }

    // MARK: Settings and workers

    public func setting(_ name: String) async throws -> String? {
        try await bounded { [client] in
            var value: String?
            for try await text in try await client.query("SELECT value FROM cog_host.settings WHERE name = \(name)").decode(String.self) { value = text }
            return value
        }
    }

    /// Publishes a setting; when `ifAbsentOrEqual`, an existing different value is returned
    /// instead of replaced (a worker with another key must not take over the queue's).
    public func publish(_ name: String, value: String, unlessDifferent: Bool = false) async throws -> String? {
        try await bounded { [client] in
            var existing: String?
            let rows = try await client.query("""
                INSERT INTO cog_host.settings (name, value) VALUES (\(name), \(value))
                ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
                    WHERE NOT \(unlessDifferent) OR cog_host.settings.value = EXCLUDED.value
                RETURNING value
                """)
            for try await text in rows.decode(String.self) { existing = text }
            if existing != nil { return nil }
            for try await text in try await client.query("SELECT value FROM cog_host.settings WHERE name = \(name)").decode(String.self) { existing = text }
            return existing
        }
    }

    public func registerWorker(id: String, hostname: String, pid: Int, concurrency: Int) async throws {
        _ = try await bounded { [client] in
            try await client.query("""
                INSERT INTO cog_host.workers (id, hostname, pid, concurrency) VALUES (\(id), \(hostname), \(pid), \(concurrency))
                ON CONFLICT (id) DO UPDATE SET seen_at = now(), state = 'running'
                """)
        }
    }

    public func markWorker(id: String, state: String) async throws {
        _ = try await bounded { [client] in
            try await client.query("UPDATE cog_host.workers SET state = \(state), seen_at = now() WHERE id = \(id)")
        }
    }

    public func removeWorker(id: String) async throws {
        _ = try await bounded { [client] in
            try await client.query("DELETE FROM cog_host.workers WHERE id = \(id)")
        }
    }

    // MARK: Submitting and canceling

    /// Inserts one job through `cog_host.submit`; returns its id.
    public func submit(request: QueueSubmission) async throws -> String {
        try await bounded { [client] in
            let rows = try await client.query("""
                SELECT cog_host.submit(\(request.inputJSON)::jsonb, \(request.id), \(request.webhook), \(request.webhookEventsFilter), \
                \(request.sealedSecrets), \(request.isTraining ? "training" : "prediction"))
                """)
            var id = ""
            for try await value in rows.decode(String.self) { id = value }
            return id
        }
    }

    /// `cog_host.cancel`: the job's state afterwards, nil when there is no such job.
    public func cancel(id: String) async throws -> QueueJobState? {
        try await bounded { [client] in
            var state: String?
            for try await value in try await client.query("SELECT cog_host.cancel(\(id))").decode(String?.self) { state = value }
            return state.flatMap(QueueJobState.init(rawValue:))
        }
    }

    /// A job's state and document (the result once it ended, the progress while it runs).
    public func status(id: String) async throws -> QueueJobStatus? {
        try await bounded { [client] in
            let rows = try await client.query("""
                SELECT state, attempt, coalesce(result, progress, jsonb_build_object('id', id, 'status', 'starting', 'input', request -> 'input'))::text
                FROM cog_host.jobs WHERE id = \(id)
                """)
            var status: QueueJobStatus?
            for try await (state, attempt, document) in rows.decode((String, Int, String).self) {
                status = QueueJobStatus(id: id, state: QueueJobState(rawValue: state) ?? .queued, attempt: attempt, document: document)
            }
            return status
        }
    }

    /// Waits until the job has ended and returns its status (nil for an unknown id). It
    /// listens for the job's `done:` notification and reads the state once subscribed, so an
    /// end in between is not missed; no polling.
    public func waitForEnd(id: String) async throws -> QueueJobStatus? {
        let store = self
        return try await client.withConnection { connection in
            try await connection.listen(on: QueueSchema.channel) { notifications in
                guard let current = try await store.status(id: id), !current.state.isTerminal else { return try await store.status(id: id) }
                for try await notification in notifications where notification.payload == "done:" + id {
                    return try await store.status(id: id)
                }
                return try await store.status(id: id)
            }
        }
    }

    // MARK: A worker's jobs

    /// Claims up to `limit` jobs for `workerID`: queued ones, and running ones whose lease
    /// expired (their worker is gone) if they have attempts left. A job whose worker was lost
    /// `maxAttempts` times (or that was asked to cancel) ends here instead of running again.
    /// Each kind is read in its own partial index's order (`jobs_queued`, `jobs_running`), so
    /// a claim costs the same with 10 or 100,000 jobs waiting and any number finished.
    public func claim(workerID: String, limit: Int, lease: Duration, maxAttempts: Int) async throws -> [QueueJob] {
        let query = Self.claimQuery(workerID: workerID, limit: limit, lease: lease, maxAttempts: maxAttempts)
        return try await bounded { [client] in
            try await client.query(query)
            .collect()
            .map { row in
                let (id, kind, request, sealed, attempt, cancel) = try row.decode((String, String, String, String?, Int, Bool).self)
                return QueueJob(id: id, isTraining: kind == "training", request: request, sealedSecrets: sealed, attempt: attempt, cancelRequested: cancel)
            }
        }
    }

    /// The statement `claim` runs (a test explains it against a deep queue).
    static func claimQuery(workerID: String, limit: Int, lease: Duration, maxAttempts: Int) -> PostgresQuery {
        """
        WITH lost AS (
            UPDATE cog_host.jobs SET
                state = CASE WHEN cancel_requested THEN 'canceled' ELSE 'failed' END,
                completed_at = now(), lease_expires_at = NULL, sealed_secrets = NULL, progress = NULL,
                result = coalesce(progress, jsonb_build_object('id', id, 'input', request -> 'input', 'logs', '', 'metrics', '{}'::jsonb))
                    || jsonb_build_object(
                        'status', CASE WHEN cancel_requested THEN 'canceled' ELSE 'failed' END,
                        'error', CASE WHEN cancel_requested THEN NULL ELSE format(
                            'The worker running this prediction stopped (killed or crashed) %s times; it is not retried again (cog-host queue worker --max-attempts)',
                            attempt) END,
                        'created_at', created_at, 'started_at', started_at, 'completed_at', now())
            WHERE state = 'running' AND lease_expires_at < now() AND (attempt >= \(maxAttempts) OR cancel_requested)
                AND worker_id IS DISTINCT FROM \(workerID)
            RETURNING id
        ), waiting AS (
            SELECT id, created_at FROM cog_host.jobs
            WHERE state = 'queued'
            ORDER BY created_at, id
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
        ), orphaned AS (
            SELECT id, created_at FROM cog_host.jobs
            WHERE state = 'running' AND lease_expires_at < now() AND attempt < \(maxAttempts) AND NOT cancel_requested
                AND worker_id IS DISTINCT FROM \(workerID)  -- its own, this worker still runs (its renewal extends the lease)
            ORDER BY created_at, id
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
        ), picked AS (
            SELECT id FROM (SELECT id, created_at FROM waiting UNION ALL SELECT id, created_at FROM orphaned) AS candidates
            ORDER BY created_at, id
            LIMIT \(limit)
        )
        UPDATE cog_host.jobs AS job SET
            state = 'running', attempt = job.attempt + 1, attempt_workers = job.attempt_workers || \(workerID)::text,
            worker_id = \(workerID), lease_expires_at = now() + \(lease.seconds) * interval '1 second',
            started_at = coalesce(job.started_at, now()), progress = NULL
        FROM picked WHERE job.id = picked.id AND job.id NOT IN (SELECT id FROM lost)
        RETURNING job.id, job.kind, job.request::text, job.sealed_secrets, job.attempt, job.cancel_requested
        """
    }

    /// Extends the leases of the jobs this worker still holds; returns them, each with whether
    /// a cancel was asked for (a backstop for a missed notification).
    public func renewLeases(workerID: String, jobIDs: [String], lease: Duration) async throws -> [(id: String, cancelRequested: Bool)] {
        try await bounded { [client] in
            _ = try await client.query("UPDATE cog_host.workers SET seen_at = now() WHERE id = \(workerID)")
            guard !jobIDs.isEmpty else { return [] }
            return try await client.query("""
                UPDATE cog_host.jobs SET lease_expires_at = now() + \(lease.seconds) * interval '1 second'
                WHERE worker_id = \(workerID) AND state = 'running' AND id = ANY(\(jobIDs))
                RETURNING id, cancel_requested
                """)
            .collect()
            .map { row in
                let (id, cancel) = try row.decode((String, Bool).self)
                return (id: id, cancelRequested: cancel)
            }
        }
    }

    /// Stores a running job's document so far (ignored once the lease is no longer this attempt's).
    public func writeProgress(job: QueueJob, workerID: String, document: String) async throws {
        _ = try await bounded { [client] in
            try await client.query("""
                UPDATE cog_host.jobs SET progress = \(document)::jsonb
                WHERE id = \(job.id) AND worker_id = \(workerID) AND attempt = \(job.attempt) AND state = 'running'
                """)
        }
    }

    /// Ends the job with its result in the statement that ends the lease (and clears the
    /// sealed secrets). False when the lease is no longer this attempt's: another worker took
    /// the job over, and its result is the one that counts.
    public func finish(job: QueueJob, workerID: String, state: QueueJobState, document: String) async throws -> Bool {
        try await bounded { [client] in
            try await client.query("""
                UPDATE cog_host.jobs SET
                    state = \(state.rawValue), progress = NULL, sealed_secrets = NULL, lease_expires_at = NULL, completed_at = now(),
                    result = \(document)::jsonb || jsonb_build_object('created_at', created_at, 'started_at', started_at, 'completed_at', now())
                WHERE id = \(job.id) AND worker_id = \(workerID) AND attempt = \(job.attempt) AND state = 'running'
                RETURNING id
                """)
            .collect().count == 1
        }
    }

    /// Puts a job this worker holds back in the queue, not counting the attempt (draining, or
    /// the runner could not take it); a job whose cancel was asked for then ends canceled,
    /// through `cog_host.cancel` as any queued job does.
    public func release(job: QueueJob, workerID: String) async throws {
        _ = try await bounded { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query("""
                    UPDATE cog_host.jobs SET state = 'queued', attempt = attempt - 1, worker_id = NULL, lease_expires_at = NULL, progress = NULL
                    WHERE id = \(job.id) AND worker_id = \(workerID) AND attempt = \(job.attempt) AND state = 'running'
                    RETURNING cancel_requested
                    """, logger: logger)
                var cancelRequested = false
                for try await value in rows.decode(Bool.self) { cancelRequested = value }
                if cancelRequested {
                    _ = try await connection.query("SELECT cog_host.cancel(\(job.id))", logger: logger)
                }
            }
        }
    }

    /// Seconds until the earliest lease of a running job expires (nil when none runs).
    public func secondsUntilNextLeaseExpiry() async throws -> Double? {
        try await bounded { [client] in
            var seconds: Double?
            let rows = try await client.query(
                "SELECT extract(epoch FROM min(lease_expires_at) - now())::float8 FROM cog_host.jobs WHERE state = 'running'")
            for try await value in rows.decode(Double?.self) { seconds = value }
            return seconds
        }
    }

    // MARK: Operations

    /// The queue's numbers. `countingFinished: false` (for `/metrics`, scraped every few
    /// seconds by every worker) leaves out the finished jobs, whose count takes a scan of the
    /// whole table; the rest is read from the partial indexes.
    public func stats(countingFinished: Bool = true) async throws -> QueueStats {
        try await bounded { [client] in
            let rows = try await client.query("""
                SELECT
                    (SELECT count(*) FROM cog_host.jobs WHERE state = 'queued'),
                    (SELECT count(*) FROM cog_host.jobs WHERE state = 'running'),
                    (SELECT count(*) FROM cog_host.jobs WHERE \(countingFinished) AND state = 'succeeded'),
                    (SELECT count(*) FROM cog_host.jobs WHERE \(countingFinished) AND state = 'failed'),
                    (SELECT count(*) FROM cog_host.jobs WHERE \(countingFinished) AND state = 'canceled'),
                    (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM cog_host.jobs WHERE state = 'queued'),
                    (SELECT count(*) FROM cog_host.workers WHERE seen_at > now() - interval '2 minutes'),
                    (SELECT coalesce(sum(concurrency), 0)::bigint FROM cog_host.workers WHERE seen_at > now() - interval '2 minutes')
                """)
            var stats = QueueStats()
            for try await (queued, running, succeeded, failed, canceled, age, workers, slots) in rows.decode((Int, Int, Int, Int, Int, Double, Int, Int).self) {
                stats = QueueStats(queued: queued, running: running, succeeded: succeeded, failed: failed, canceled: canceled,
                                   oldestQueuedSeconds: age, workers: workers, workerSlots: slots)
                stats.countsFinished = countingFinished
            }
            return stats
        }
    }
}

/// What `queue submit` or a caller of the library enqueues.
public struct QueueSubmission: Sendable {
    public var id: String?
    /// The input object, Secret values already masked.
    public var inputJSON: String
    public var webhook: String?
    public var webhookEventsFilter: [String]?
    public var sealedSecrets: String?
    public var isTraining: Bool

    public init(id: String? = nil, inputJSON: String, webhook: String? = nil, webhookEventsFilter: [String]? = nil,
                sealedSecrets: String? = nil, isTraining: Bool = false) {
        self.id = id
        self.inputJSON = inputJSON
        self.webhook = webhook
        self.webhookEventsFilter = webhookEventsFilter
        self.sealedSecrets = sealedSecrets
        self.isTraining = isTraining
    }
}

/// `queue status`: a job's state and its prediction document.
public struct QueueJobStatus: Sendable, Equatable {
    public let id: String
    public let state: QueueJobState
    public let attempt: Int
    public let document: String
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
