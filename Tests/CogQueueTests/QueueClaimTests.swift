// The store on a real database: a claim reads only the rows it takes; a call that hangs times out.
@testable import CogQueue
import Foundation
import PostgresNIO
import Testing

@Suite struct QueueClaimTests {
    /// With 20,000 jobs waiting (and 20,000 finished), claiming one reads one queued row from
    /// the `jobs_queued` index. A claim that sorted the whole queue (as an OR of both kinds of
    /// claimable job did) would read all 20,000, and a burst of jobs would cost quadratic time.
    @Test func aClaimReadsOnlyTheRowsItTakes() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            try await store.migrate()
            try await store.client.query("""
                INSERT INTO cog_host.jobs (id, request, state, completed_at)
                SELECT 'finished-' || n, '{"input": {}}', 'succeeded', now() FROM generate_series(1, 20000) AS n
                """)
            try await store.client.query("""
                INSERT INTO cog_host.jobs (id, request, created_at)
                SELECT 'waiting-' || n, '{"input": {}}', now() + n * interval '1 millisecond' FROM generate_series(1, 20000) AS n
                """)
            try await store.client.query("ANALYZE cog_host.jobs")

            let claim = QueueStore.claimQuery(workerID: "explainer", limit: 1, lease: .seconds(30), maxAttempts: 3)
            var explained = PostgresQuery(unsafeSQL: "EXPLAIN (ANALYZE, FORMAT JSON) " + claim.sql)
            explained.binds = claim.binds
            let planText = try #require(try await store.value(explained, as: String.self))
            let plan = try JSONSerialization.jsonObject(with: Data(planText.utf8))
            let scans = Self.scans(in: plan)
            #expect(!scans.isEmpty, "\(planText)")
            for scan in scans {
                #expect(scan.rows <= 1, "\(scan.node) on \(scan.index ?? "the table") read \(scan.rows) rows: \(planText)")
            }
            #expect(scans.contains { $0.index == "jobs_queued" }, "the claim reads the queued jobs' index: \(planText)")

            // And it took the oldest.
            let taken = try await store.value("SELECT id FROM cog_host.jobs WHERE worker_id = 'explainer'", as: String.self)
            #expect(taken == "waiting-1")

            // /metrics' numbers leave the finished jobs out (their count scans the table);
            // `queue stats` counts them.
            let scraped = try await store.stats(countingFinished: false)
            #expect(scraped.queued == 19_999 && scraped.running == 1 && !scraped.countsFinished, "\(scraped)")
            #expect(!scraped.prometheusText.contains("succeeded") && scraped.prometheusText.contains(#"cog_queue_jobs{state="queued"} 19999"#))
            #expect(try await store.stats().succeeded == 20_000)
        }
    }

    /// A job whose lease expired while its worker still runs it (a database outage longer
    /// than the lease) goes to another worker, never back to the same one (which would run it
    /// twice, or fail it at --max-attempts while it runs); and a job put back whose cancel was
    /// asked for ends canceled instead of waiting in the queue.
    @Test func expiredLeasesGoToOtherWorkersAndAReleasedCancelEndsCanceled() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            try await store.migrate()
            try await store.client.query("""
                INSERT INTO cog_host.jobs (id, request, state, worker_id, attempt, lease_expires_at, started_at, cancel_requested) VALUES
                    ('expired', '{"input": {"text": "x"}}', 'running', 'w1', 1, now() - interval '1 second', now(), false),
                    ('last-try', '{"input": {"text": "x"}}', 'running', 'w1', 3, now() - interval '1 second', now(), false),
                    ('to-cancel', '{"input": {"text": "x"}}', 'running', 'w1', 1, now() + interval '30 seconds', now(), true),
                    ('to-requeue', '{"input": {"text": "x"}}', 'running', 'w1', 1, now() + interval '30 seconds', now(), false)
                """)
            let own = try await store.claim(workerID: "w1", limit: 5, lease: .seconds(30), maxAttempts: 3)
            #expect(own.isEmpty, "\(own)")
            #expect(try await store.status(id: "last-try")?.state == .running, "its own worker does not fail it")
            let other = try await store.claim(workerID: "w2", limit: 5, lease: .seconds(30), maxAttempts: 3)
            #expect(other.map(\.id) == ["expired"] && other.first?.attempt == 2, "\(other)")
            #expect(try await store.status(id: "last-try")?.state == .failed, "another worker ends it at --max-attempts")

            for id in ["to-cancel", "to-requeue"] {
                try await store.release(job: QueueJob(id: id, isTraining: false, request: "", sealedSecrets: nil, attempt: 1, cancelRequested: false), workerID: "w1")
            }
            let canceled = try #require(try await store.status(id: "to-cancel"))
            #expect(canceled.state == .canceled && canceled.document.contains(#""status": "canceled""#), "\(canceled)")
            let requeued = try #require(try await store.status(id: "to-requeue"))
            #expect(requeued.state == .queued && requeued.attempt == 0, "\(requeued)")
        }
    }

    /// Every node of an EXPLAIN (FORMAT JSON) plan that reads the jobs table, with its rows.
    static func scans(in plan: Any) -> [(node: String, index: String?, rows: Int)] {
        var found: [(node: String, index: String?, rows: Int)] = []
        func visit(_ value: Any) {
            if let list = value as? [Any] { list.forEach(visit) }
            guard let node = value as? [String: Any] else { return }
            if let type = node["Node Type"] as? String, node["Relation Name"] as? String == "jobs",
               let rows = (node["Actual Rows"] as? NSNumber)?.intValue {
                found.append((type, node["Index Name"] as? String, rows))
            }
            for child in node.values { visit(child) }
        }
        visit(plan)
        return found
    }
}

@Suite struct QueueStoreTimeoutTests {
    /// A call the database does not answer (here a statement that sleeps) fails after the
    /// store's timeout with TimedOut, without waiting for the statement to end.
    @Test func aCallThatHangsTimesOutWithoutWaitingForIt() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            var impatient = store
            impatient.timeout = .seconds(1)
            let started = ContinuousClock.now
            await #expect(throws: QueueStore.TimedOut.self) {
                try await impatient.bounded { [client = store.client] in
                    _ = try await client.query("SELECT pg_sleep(8)").collect()
                    return 0
                }
            }
            #expect(ContinuousClock.now - started < .seconds(5), "it waited \(ContinuousClock.now - started)")
        }
    }
}
