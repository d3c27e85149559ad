// The queue end to end: real PostgreSQL, real cog-host workers, workers killed and stopped mid-prediction.
import CogQueue
import CogTestSupport
import Foundation
import PostgresNIO
import Synchronization
import Testing

@Suite(.serialized) struct QueueFleetTests {
    /// 300 predictions submitted at once to 3 workers; one worker is SIGKILLed and one SIGTERMed
    /// while each runs a (long) prediction. Every prediction ends exactly once, succeeded, with
    /// its own output; the killed worker's job is finished by another worker; the stopped one
    /// finishes its job and exits 0; nothing is left running; no Secret value is in any table
    /// or in any worker's log.
    @Test func threeHundredPredictionsSurviveAKilledAndAStoppedWorker() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            let workers = try (0..<3).map { _ in try fleet.startWorker() }
            try await eventually("three workers take jobs", timeout: .seconds(120)) { (try? await store.stats().workers) == 3 }

            // Every end of a job is announced once on the channel: count them per id.
            let ends = Mutex<[String: Int]>([:])
            let listener = Task {
                try await store.client.withConnection { connection in
                    try await connection.listen(on: "cog_host_events") { notifications in
                        for try await notification in notifications where notification.payload.hasPrefix("done:") {
                            ends.withLock { $0[String(notification.payload.dropFirst(5)), default: 0] += 1 }
                        }
                    }
                }
            }
            try await eventually("the test listens beside the three workers") { try await store.listeners() >= 4 }

            let sealer = try SecretSealer(publicKeyText: #require(try await store.setting("public_key")))
            struct Job: Sendable { let id: String; let text: String; let token: String; let seconds: Double }
            let jobs = (0..<300).map { index in
                Job(id: "job-\(index)", text: "tâche \(index) — ✓ 完了", token: "tok-\(index)-\(UUID().uuidString)",
                    seconds: index < 2 ? 8 : 0.02)
            }
            // The two long ones first (claims go oldest first: two workers take one each), then
            // the rest at once.
            for job in jobs.prefix(2) {
                try await store.submitFixtureJob(id: job.id, text: job.text, seconds: job.seconds, token: job.token, sealer: sealer)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for job in jobs.dropFirst(2) {
                    group.addTask { try await store.submitFixtureJob(id: job.id, text: job.text, seconds: job.seconds, token: job.token, sealer: sealer) }
                }
                try await group.waitForAll()
            }

            // Both long predictions are running (they printed their first step) on two workers.
            try await eventually("both long predictions are under way") {
                try await store.value("SELECT count(*) FROM cog_host.jobs WHERE id IN ('job-0', 'job-1') AND state = 'running' AND progress ->> 'logs' LIKE 'étape 1/4%'", as: Int.self) == 2
            }
            let killedID = try #require(try await store.value("SELECT worker_id FROM cog_host.jobs WHERE id = 'job-0'", as: String.self))
            let stoppedID = try #require(try await store.value("SELECT worker_id FROM cog_host.jobs WHERE id = 'job-1'", as: String.self))
            #expect(killedID != stoppedID)
            let killed = try #require(QueueFleet.process(of: killedID, among: workers))
            let stopped = try #require(QueueFleet.process(of: stoppedID, among: workers))
            let survivor = try #require(workers.first { $0 !== killed && $0 !== stopped })
            killed.signal(SIGKILL)
            stopped.signal(SIGTERM)

            // The stopped worker finishes its prediction, then exits 0.
            let stoppedStatus = await stopped.waitForExit(timeout: .seconds(90))
            #expect(stoppedStatus == 0, "the SIGTERMed worker: \(stopped.log)")
            try await eventually("every job ended", timeout: .seconds(240)) {
                try await store.value("SELECT count(*) FROM cog_host.jobs WHERE state IN ('succeeded', 'failed', 'canceled')", as: Int.self) == 300
            }
            #expect(try await store.count(state: "queued") == 0)
            #expect(try await store.count(state: "running") == 0)

            // Each job: succeeded once, with its own output and no sealed value left.
            let rows = try await store.client.query("""
                SELECT id, state, result ->> 'output', result ->> 'status', attempt, attempt_workers, sealed_secrets IS NULL, result -> 'input' ->> 'api_token'
                FROM cog_host.jobs
                """).collect()
            #expect(rows.count == 300)
            var results: [String: (state: String, output: String?, attempt: Int, workers: [String])] = [:]
            for row in rows {
                let (id, state, output, status, attempt, attemptWorkers, sealedCleared, storedToken) =
                    try row.decode((String, String, String?, String?, Int, [String], Bool, String?).self)
                results[id] = (state, output, attempt, attemptWorkers)
                #expect(status == state, "\(id): the document's status")
                #expect(sealedCleared, "\(id): its sealed Secret was not cleared")
                #expect(storedToken == "**********", "\(id): the stored input's Secret")
            }
            for job in jobs {
                let result = try #require(results[job.id])
                #expect(result.state == "succeeded", "\(job.id): \(result)")
                #expect(result.output == "echo: \(job.text)", "\(job.id)")
            }
            // The killed worker's job was claimed again and finished by another worker.
            let retried = try #require(results["job-0"])
            #expect(retried.attempt >= 2 && retried.workers.first == killedID && retried.workers.last != killedID, "\(retried)")
            // The stopped worker's job was finished by it, once.
            #expect(results["job-1"]?.workers == [stoppedID])

            // Exactly one end announced per job.
            try await eventually("every end was announced") { ends.withLock { $0.count } == 300 }
            let announced = ends.withLock { $0 }
            #expect(announced.values.allSatisfy { $0 == 1 }, "\(announced.filter { $0.value != 1 })")
            listener.cancel()

            survivor.signal(SIGTERM)
            let survivorStatus = await survivor.waitForExit()
            #expect(survivorStatus == 0, "\(survivor.log)")

            // No Secret value anywhere: not in any table, not in any worker's log.
            let dump = try fleet.dump()
            #expect(dump.contains("job-299"), "the dump holds the jobs")
            let logs = workers.map(\.log).joined(separator: "\n")
            for job in jobs {
                #expect(!dump.contains(job.token), "\(job.id)'s token is in the database")
                #expect(!logs.contains(job.token), "\(job.id)'s token is in a worker's log")
            }
        }
    }

    /// `queue cancel` on a running prediction: it ends canceled within a second (a notification
    /// reaches its worker; no polling).
    @Test func aCancelReachesTheRunningPredictionWithinASecond() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            let worker = try fleet.startWorker()
            try await eventually("the worker takes jobs", timeout: .seconds(120)) { (try? await store.stats().workers) == 1 }
            let submitted = try QueueProcess.run(["queue", "submit", "--database", fleet.databaseURL, "-i", "text=lent", "-i", "seconds=60"])
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try await eventually("it runs") {
                try await store.value("SELECT progress ->> 'logs' FROM cog_host.jobs WHERE id = \(id)", as: String?.self)??.hasPrefix("étape 1/4") == true
            }
            let start = ContinuousClock.now
            let canceled = try QueueProcess.run(["queue", "cancel", "--database", fleet.databaseURL, id])
            #expect(canceled.status == 0, "\(canceled.stderr)")
            try await eventually("it ended", timeout: .seconds(10)) { try await store.status(id: id)?.state.isTerminal == true }
            let elapsed = ContinuousClock.now - start
            let status = try #require(try await store.status(id: id))
            #expect(status.state == .canceled, "\(status.document)")
            #expect(elapsed < .seconds(1), "the cancel took \(elapsed)")
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit() == 0)
            // With no worker, a queued job cancels at once, with a canceled document.
            let queued = try await store.submit(request: QueueSubmission(inputJSON: #"{"text": "jamais"}"#))
            #expect(try await store.cancel(id: queued) == .canceled)
            let document = try #require(try await store.status(id: queued)).document
            #expect(document.contains("\"status\": \"canceled\"") && document.contains("jamais"), "\(document)")
            #expect(try await store.cancel(id: "no-such-job") == nil)
        }
    }

    /// A job whose worker dies every time it runs it (as an out-of-memory kill would) is tried
    /// --max-attempts times, then ends failed with an error that says so, instead of looping.
    @Test func aJobThatKeepsLosingItsWorkerEndsFailedAfterMaxAttempts() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            let sealer = try await Self.firstWorkerPublishesItsKey(fleet: fleet, store: store)
            try await store.submitFixtureJob(id: "doomed", text: "x", seconds: 60, token: "t-\(UUID().uuidString)", sealer: sealer)
            for attempt in 1...2 {
                let worker = try fleet.startWorker(["--max-attempts", "2"])
                try await eventually("attempt \(attempt) runs", timeout: .seconds(120)) {
                    try await store.value("SELECT attempt FROM cog_host.jobs WHERE id = 'doomed' AND state = 'running' AND progress ->> 'logs' LIKE 'étape%'", as: Int.self) == attempt
                }
                worker.signal(SIGKILL)
                _ = await worker.waitForExit()
            }
            let last = try fleet.startWorker(["--max-attempts", "2"])
            try await eventually("the job ends", timeout: .seconds(120)) { try await store.status(id: "doomed")?.state.isTerminal == true }
            let status = try #require(try await store.status(id: "doomed"))
            #expect(status.state == .failed)
            #expect(status.attempt == 2)
            #expect(status.document.contains("stopped (killed or crashed) 2 times"), "\(status.document)")
            last.signal(SIGTERM)
            #expect(await last.waitForExit() == 0)
        }
    }

    /// A predictor whose process dies mid-prediction (a segfault, os._exit) fails that job at
    /// once, not retried, as serve fails it; the worker replaces the process (setup runs again,
    /// here for a second) and takes the next job, claiming nothing meanwhile instead of claiming
    /// it and putting it back in a loop.
    @Test func aCrashingPredictorFailsItsJobAndTheWorkerTakesTheNext() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            let worker = try fleet.startWorker(["-e", "QUEUE_FIXTURE_SETUP_SECONDS=1"])
            _ = try await Self.waitForWorkers(1, fleet: fleet, store: store)
            _ = try await store.submit(request: QueueSubmission(id: "crash", inputJSON: #"{"text": "boum", "crash": true}"#))
            _ = try await store.submit(request: QueueSubmission(id: "next", inputJSON: #"{"text": "encore"}"#))
            try await eventually("both jobs ended", timeout: .seconds(120)) {
                try await store.value("SELECT count(*) FROM cog_host.jobs WHERE state IN ('succeeded', 'failed', 'canceled')", as: Int.self) == 2
            }
            let crashed = try #require(try await store.status(id: "crash"))
            #expect(crashed.state == .failed && crashed.attempt == 1, "\(crashed)")
            #expect(crashed.document.contains(#""error": "Worker crashed""#), "\(crashed.document)")
            let next = try #require(try await store.status(id: "next"))
            #expect(next.state == .succeeded && next.document.contains("echo: encore"), "\(next.document)")
            let putBack = worker.log.components(separatedBy: "job next goes back to the queue").count - 1
            #expect(putBack <= 1, "put back \(putBack) times while setup ran again:\n\(worker.log)")
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit() == 0, "\(worker.log)")
        }
    }

    /// SIGTERM with a prediction that outlasts --drain-timeout: the worker puts the job back in
    /// the queue without counting the attempt and exits 0 soon after the timeout; the next
    /// worker takes the job as its first attempt.
    @Test func aDrainThatRunsOutPutsTheJobBackUncounted() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            let first = try fleet.startWorker(["--drain-timeout", "1"])
            _ = try await Self.waitForWorkers(1, fleet: fleet, store: store)
            _ = try await store.submit(request: QueueSubmission(id: "long", inputJSON: #"{"text": "longue", "seconds": 60}"#))
            try await eventually("it runs") {
                try await store.value("SELECT progress ->> 'logs' FROM cog_host.jobs WHERE id = 'long'", as: String?.self)??.hasPrefix("étape 1/4") == true
            }
            let stopped = ContinuousClock.now
            first.signal(SIGTERM)
            #expect(await first.waitForExit(timeout: .seconds(30)) == 0, "\(first.log)")
            #expect(ContinuousClock.now - stopped < .seconds(15), "the drain took \(ContinuousClock.now - stopped)")
            #expect(first.log.contains("job long goes back to the queue (drain timeout)"), "\(first.log)")
            let released = try #require(try await store.status(id: "long"))
            #expect(released.state == .queued && released.attempt == 0, "\(released)")

            let second = try fleet.startWorker(["--drain-timeout", "1"])
            try await eventually("the next worker runs it as its first attempt", timeout: .seconds(120)) {
                try await store.value("SELECT attempt FROM cog_host.jobs WHERE id = 'long' AND state = 'running' AND progress ->> 'logs' LIKE 'étape%'", as: Int.self) == 1
            }
            second.signal(SIGTERM)
            #expect(await second.waitForExit(timeout: .seconds(30)) == 0, "\(second.log)")
        }
    }

    /// The database restarts while a prediction runs: the worker keeps the result until it can
    /// write it, subscribes again, and takes the next job.
    @Test func workersCarryOnThroughADatabaseRestart() async throws {
        let cluster = try TestPostgres.start()
        defer { cluster.remove() }
        let fleet = try await QueueFleet.make(cluster: cluster)
        let worker = try fleet.startWorker()
        let sealer = try await fleet.withStore { store in try await Self.waitForWorkers(1, fleet: fleet, store: store) }
        try await fleet.withStore { store in
            try await store.submitFixtureJob(id: "across", text: "pendant la panne", seconds: 4, token: "t-\(UUID().uuidString)", sealer: sealer)
            try await eventually("it runs") { try await store.count(state: "running") == 1 }
        }
        try cluster.stopServer()
        try await Task.sleep(for: .seconds(2))
        try cluster.restartServer()
        try await fleet.withStore { store in
            try await eventually("the result written after the restart", timeout: .seconds(60)) { try await store.status(id: "across")?.state == .succeeded }
            try await store.submitFixtureJob(id: "after", text: "après", seconds: 0, token: "t-\(UUID().uuidString)", sealer: sealer)
            try await eventually("the next job runs too", timeout: .seconds(60)) { try await store.status(id: "after")?.state == .succeeded }
            #expect(try await store.status(id: "across")?.document.contains("echo: pendant la panne") == true)
        }
        #expect(worker.log.contains("the database is unavailable"), "\(worker.log)")
        #expect(worker.log.contains("the database is back"), "\(worker.log)")
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit() == 0)
    }

    /// `queue submit` types and checks inputs as `predict` does (a bad one: exit 1, naming it),
    /// seals Secrets, and waits for the result; SQL refuses a Secret given in clear.
    @Test func submitChecksTypesAndSealsAndSQLRefusesClearSecrets() async throws {
        let fleet = try await QueueFleet.make()
        try await fleet.withStore { store in
            let worker = try fleet.startWorker()
            _ = try await Self.waitForWorkers(1, fleet: fleet, store: store)
            let bad = try QueueProcess.run(["queue", "submit", "--database", fleet.databaseURL, "-i", "text=x", "-i", "seconds=soon"])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("\"seconds\""), "\(bad.stderr)")
            let tooLong = try QueueProcess.run(["queue", "submit", "--database", fleet.databaseURL, "-i", "text=x", "-i", "seconds=900"])
            #expect(tooLong.status == 1 && tooLong.stderr.contains("seconds"), "\(tooLong.stderr)")

            let token = "sk-\(UUID().uuidString)"
            let waited = try QueueProcess.run(["queue", "submit", "--database", fleet.databaseURL, "-i", "text=héllo", "-i", "api_token=@env:TOKEN", "--wait"],
                                              environment: ["TOKEN": token])
            #expect(waited.status == 0, "\(waited.stderr)")
            #expect(waited.stdout.contains("\"output\": \"echo: héllo\""), "\(waited.stdout)")
            #expect(waited.stdout.contains("token has \(token.count) characters"), "\(waited.stdout)")
            #expect(!waited.stdout.contains(token))

            // Webhooks as under serve, sent by the worker: here only `completed`, with the document.
            let receiver = try WebhookReceiver()
            let hooked = try QueueProcess.run(["queue", "submit", "--database", fleet.databaseURL, "-i", "text=crochet", "-i", "api_token=@env:TOKEN",
                                               "--webhook", receiver.url, "--webhook-events-filter", "completed"],
                                              environment: ["TOKEN": token])
            #expect(hooked.status == 0, "\(hooked.stderr)")
            try await eventually("the completed webhook arrived", timeout: .seconds(30)) { receiver.bodies.count == 1 }
            let webhook = try #require(receiver.bodies.first)
            #expect(webhook.contains(#""status":"succeeded""#) && webhook.contains("echo: crochet"), "\(webhook)")
            #expect(!webhook.contains(token), "\(webhook)")

            await #expect(throws: (any Error).self) {
                _ = try await store.submit(request: QueueSubmission(inputJSON: #"{"text": "x", "api_token": "in-clear"}"#))
            }
            try await eventually("both jobs stored as succeeded") { try await store.count(state: "succeeded") == 2 }
            let stats = try QueueProcess.run(["queue", "stats", "--database", fleet.databaseURL, "--json"])
            let decoded = try JSONDecoder().decode(QueueStats.self, from: Data(stats.stdout.utf8))
            #expect(decoded.succeeded == 2 && decoded.queued == 0 && decoded.workers == 1, "\(stats.stdout)")
            #expect(!(try fleet.dump()).contains(token))
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit() == 0)
        }
    }

    /// A one-shot command on a database that is not there fails at once with PostgreSQL's
    /// reason (not after the pool's retries, not as "did not answer"), and without the password.
    @Test func aWrongDatabaseIsNamedAtOnce() async throws {
        let fleet = try await QueueFleet.make()
        var url = try #require(URLComponents(string: fleet.databaseURL))
        url.password = "hunter2"
        url.path = "/cogq_missing"
        let started = ContinuousClock.now
        let stats = try QueueProcess.run(["queue", "stats", "--database", try #require(url.string)])
        #expect(ContinuousClock.now - started < .seconds(5), "the store's timeout is 10 s; the check answers before it")
        #expect(stats.status == 1)
        #expect(stats.stderr.contains(#"database "cogq_missing" does not exist"#), "\(stats.stderr)")
        #expect(!stats.stderr.contains("hunter2"), "\(stats.stderr)")
    }

    /// Starts one worker, waits until it published its key, stops it; the sealer for that key.
    static func firstWorkerPublishesItsKey(fleet: QueueFleet, store: QueueStore) async throws -> SecretSealer {
        let worker = try fleet.startWorker()
        let sealer = try await waitForWorkers(1, fleet: fleet, store: store)
        worker.signal(SIGTERM)
        _ = await worker.waitForExit()
        return sealer
    }

    static func waitForWorkers(_ count: Int, fleet: QueueFleet, store: QueueStore) async throws -> SecretSealer {
        try await eventually("\(count) worker(s) take jobs", timeout: .seconds(120)) { ((try? await store.stats().workers) ?? 0) >= count }
        return try SecretSealer(publicKeyText: #require(try await store.setting("public_key")))
    }
}
