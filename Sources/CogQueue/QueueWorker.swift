// The worker's loop: claim jobs with leases as slots free up, run them, write progress and results, drain on stop.
import Foundation
import PostgresNIO

/// How a worker takes jobs.
public struct QueueWorkerConfiguration: Sendable {
    /// Unique per process (`host-pid-random`): leases and results are written under it.
    public var workerID: String
    public var concurrency: Int
    /// How long a claimed job stays this worker's without a renewal; renewed every third of it.
    /// A worker that dies loses its jobs after at most this long.
    public var lease: Duration = .seconds(30)
    /// How many times a job may be claimed (its earlier workers having died) before it ends failed.
    public var maxAttempts = 3
    /// The most often a running job's progress document (logs, outputs so far) is written.
    public var progressInterval: Duration = .milliseconds(250)
    /// On stop: how long running jobs may go on before they are put back in the queue.
    public var drainTimeout: Duration = .seconds(30)
    /// The longest an idle worker waits without a notification before it looks at the table
    /// again (a safety net for a notification lost with a connection; also when leases expire).
    public var idleRecheck: Duration = .seconds(30)
    /// Opens jobs' sealed Secret inputs; required when the predictor has Secret inputs.
    public var sealer: SecretSealer?

    public init(workerID: String, concurrency: Int) {
        self.workerID = workerID
        self.concurrency = max(1, concurrency)
    }

    /// `host-pid-xxxxxx`.
    public static func makeWorkerID() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host)-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }
}

/// Why a worker could not start.
public enum QueueWorkerFailure: Error, CustomStringConvertible {
    case setupFailed(logs: String)
    case secretKeyNeeded(inputs: [String])
    case otherSecretKey
    case stoppedBeforeStart

    public var description: String {
        switch self {
        case .setupFailed(let logs):
            return "setup failed; the worker takes no jobs\n" + logs
        case .secretKeyNeeded(let inputs):
            return "the predictor has Secret inputs (\(inputs.joined(separator: ", "))): give the workers one key with --secret-key-file or COG_QUEUE_SECRET_KEY (make one with `cog-host queue keygen`) so their values can be sealed in the queue"
        case .otherSecretKey:
            return "this queue's Secret inputs are sealed for another key (cog_host.settings public_key): every worker of a queue needs the same --secret-key-file"
        case .stoppedBeforeStart:
            return "stopped before the worker started"
        }
    }
}

/// One worker process's side of the queue. `run()` returns after `stop()` once the running
/// jobs ended or were put back.
public actor QueueWorker {
    public let configuration: QueueWorkerConfiguration
    private let store: QueueStore
    private let runner: any QueueJobRunner
    private let log: @Sendable (String) -> Void
    private let doorbell = Doorbell()

    /// The jobs this worker runs, by id; `claim` tells one claim of a job from a later one.
    private var running: [String: (job: QueueJob, task: Task<Void, Never>, claim: Int)] = [:]
    private var claims = 0
    /// Cancels notified for jobs not (yet) running here, by when they came: a cancel that
    /// arrives while the claim that takes its job is under way is applied when the job starts.
    private var recentCancels: [String: ContinuousClock.Instant] = [:]
    /// Set while the runner cannot take jobs (its predictor process is being replaced and set
    /// up again): nothing is claimed meanwhile.
    private var waitingForRunner = false
    private var stopping = false
    private var stopDeadline: ContinuousClock.Instant?
    private var databaseDown: String?
    /// Jobs being put back in the queue while still running here (drain timeout): their end
    /// is not written, whichever of the two comes first.
    private var releasedWhileRunning: Set<String> = []
    /// Set when the predictor's setup failed after its process was replaced: `run()` throws it.
    private var setupFailure: QueueWorkerFailure?
    public private(set) var counters = QueueWorkerCounters()

    public init(store: QueueStore, runner: any QueueJobRunner, configuration: QueueWorkerConfiguration,
                log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.runner = runner
        self.configuration = configuration
        self.log = log
    }

    /// SIGTERM: claim nothing more; running jobs get `drainTimeout` to finish, then go back to
    /// the queue. A second call puts them back at once.
    public func stop() {
        if stopping {
            stopDeadline = .now
        } else {
            stopping = true
            stopDeadline = .now + configuration.drainTimeout
        }
        doorbell.ring()
    }

    public func run() async throws(QueueWorkerFailure) {
        guard await retrying("apply the queue's schema migrations", { [store] in try await store.migrate() }) != nil else {
            throw .stoppedBeforeStart
        }
        let predictor: PublishedPredictor
        do {
            predictor = try await runner.waitUntilReady()
        } catch {
            throw .setupFailed(logs: error.logs)
        }
        if !predictor.secretInputs.isEmpty && configuration.sealer == nil { throw .secretKeyNeeded(inputs: predictor.secretInputs) }
        let names = String(decoding: (try? JSONEncoder().encode(predictor.secretInputs)) ?? Data("[]".utf8), as: UTF8.self)
        let (store, configuration) = (store, configuration)
        guard await retrying("publish the predictor's interface", {
            _ = try await store.publish("secret_inputs", value: names)
            _ = try await store.publish("interface", value: predictor.interfaceJSON)
            return true
        }) != nil else {
            throw .stoppedBeforeStart
        }
        if let sealer = configuration.sealer {
            guard let conflict = await retrying("publish the sealing key", {
                try await store.publish("public_key", value: sealer.publicKeyText, unlessDifferent: true)
            }) else { throw .stoppedBeforeStart }
            if conflict != nil { throw .otherSecretKey }
        }
        _ = await retrying("register the worker") {
            try await store.registerWorker(id: configuration.workerID, hostname: ProcessInfo.processInfo.hostName,
                                           pid: Int(getpid()), concurrency: configuration.concurrency)
            return true
        }
        log("cog-host queue: worker \(configuration.workerID) takes jobs (\(configuration.concurrency) at a time)")

        let listener = Task { await listen() }
        let renewer = Task { await renewLeases() }
        await claimUntilStopped()
        await drain()
        listener.cancel()
        renewer.cancel()
        await runner.shutdown()
        _ = try? await store.removeWorker(id: configuration.workerID)
        log("cog-host queue: worker \(configuration.workerID) stopped")
        if let setupFailure { throw setupFailure }
    }

    // MARK: Claiming

    private func claimUntilStopped() async {
        while !stopping {
            let free = configuration.concurrency - running.count
            guard free > 0, !waitingForRunner else {
                await doorbell.wait(upTo: configuration.idleRecheck)
                continue
            }
            guard let jobs = await retrying("claim jobs", { [store, configuration] in
                try await store.claim(workerID: configuration.workerID, limit: free, lease: configuration.lease, maxAttempts: configuration.maxAttempts)
            }) else { break }
            for job in jobs { start(job) }
            if jobs.count == free || stopping { continue }
            // Nothing more to claim now: wait for a notification, or until a running job's
            // lease would expire (its worker may be gone), or the idle recheck.
            var wait = configuration.idleRecheck
            if let seconds = try? await store.secondsUntilNextLeaseExpiry() {
                wait = min(wait, .milliseconds(Int(max(0.05, seconds + 0.05) * 1000)))
            }
            await doorbell.wait(upTo: wait)
        }
    }

    private func start(_ claimed: QueueJob) {
        counters.claimed += 1
        if claimed.attempt > 1 { counters.retried += 1 }
        var job = claimed
        if recentCancels.removeValue(forKey: job.id) != nil { job.cancelRequested = true }
        claims += 1
        let claim = claims
        let task = Task { await self.execute(job, claim: claim) }
        running[job.id] = (job, task, claim)
    }

    private func execute(_ job: QueueJob, claim: Int) async {
        let end: QueueJobEnd
        switch openSecrets(of: job) {
        case .failure(let problem):
            end = .finished(state: .failed, document: Self.failureDocument(id: job.id, error: "Secret inputs: \(problem)"))
        case .success(let secrets):
            let (store, workerID) = (store, configuration.workerID)
            end = await runner.run(job, secretInputs: secrets, progressInterval: configuration.progressInterval) { document in
                try? await store.writeProgress(job: job, workerID: workerID, document: document)
            }
        }
        switch end {
        case .finished(let state, let document):
            await finish(job, state: state, document: document)
        case .notStarted(let reason):
            log("cog-host queue: job \(job.id) goes back to the queue: \(reason)")
            _ = await retrying("put job \(job.id) back") { [store, configuration] in
                try await store.release(job: job, workerID: configuration.workerID)
                return true
            }
            counters.released += 1
            pauseClaimsUntilRunnerIsReady()
        }
        if running[job.id]?.claim == claim { running[job.id] = nil }
        doorbell.ring()
    }

    /// After a job the runner could not take (its predictor process is being replaced and runs
    /// setup again, or a slot is still being freed), nothing is claimed until the runner is
    /// ready, so the job is not claimed and put back in a loop meanwhile. If setup fails now,
    /// the worker stops and exits with that failure (its orchestrator replaces it).
    private func pauseClaimsUntilRunnerIsReady() {
        guard !waitingForRunner else { return }
        waitingForRunner = true
        Task { [runner] in
            try? await Task.sleep(for: .milliseconds(100))
            var failure: QueueRunnerSetupFailure?
            do throws(QueueRunnerSetupFailure) { _ = try await runner.waitUntilReady() } catch { failure = error }
            self.runnerIsReady(failure: failure)
        }
    }

    private func runnerIsReady(failure: QueueRunnerSetupFailure?) {
        waitingForRunner = false
        if let failure, setupFailure == nil {
            log("cog-host queue: the predictor's setup failed after its process was replaced; the worker stops")
            setupFailure = .setupFailed(logs: failure.logs)
            stop()
        }
        doorbell.ring()
    }

    private func openSecrets(of job: QueueJob) -> Result<String?, SecretSealer.Failure> {
        guard let sealed = job.sealedSecrets else { return .success(nil) }
        guard let sealer = configuration.sealer else { return .failure(.noPrivateKey) }
        do {
            return .success(try sealer.open(sealed, jobID: job.id))
        } catch {
            return .failure(error)
        }
    }

    /// Writes the result, retrying through a database outage: a finished prediction is not
    /// dropped while this worker lives. If the lease went to another worker meanwhile, that
    /// worker's result counts and this one is discarded.
    private func finish(_ job: QueueJob, state: QueueJobState, document: String) async {
        if releasedWhileRunning.remove(job.id) != nil { return }
        let landed = await retrying("store the result of job \(job.id)", persistent: true) { [store, configuration] in
            try await store.finish(job: job, workerID: configuration.workerID, state: state, document: document)
        }
        if landed == true {
            counters.finished[state, default: 0] += 1
        } else {
            counters.leasesLost += 1
            log("cog-host queue: job \(job.id): its lease went to another worker; this attempt's result is dropped")
        }
    }

    // MARK: Leases, notifications, cancels

    /// Renews every third of the lease; a renewal that fails is tried again within a second or
    /// so (backing off), so one failed call does not cost a lease.
    private func renewLeases() async {
        let interval = configuration.lease / 3
        var retry = RetryBackoff()
        retry.ceiling = .seconds(2)
        var wait = interval
        while !Task.isCancelled {
            try? await Task.sleep(for: wait)
            if Task.isCancelled { return }
            let ids = Array(running.keys)
            guard let held = try? await store.renewLeases(workerID: configuration.workerID, jobIDs: ids, lease: configuration.lease) else {
                wait = min(interval, retry.nextDelay())
                continue
            }
            retry.reset()
            wait = interval
            let heldIDs = Set(held.map(\.id))
            for entry in held where entry.cancelRequested { await runner.cancel(jobID: entry.id) }
            // A job renewed by nobody was taken over (this worker was cut off longer than a lease).
            for id in ids where !heldIDs.contains(id) && running[id] != nil {
                log("cog-host queue: job \(id): lease lost; stopping this attempt")
                await runner.abandon(jobID: id)
            }
        }
    }

    /// LISTEN on the queue's channel for as long as the worker runs, subscribing again after a
    /// lost connection (and looking at the table then, for what was missed meanwhile).
    private func listen() async {
        var backoff = RetryBackoff()
        while !Task.isCancelled {
            do {
                try await store.client.withConnection { connection in
                    try await connection.listen(on: QueueSchema.channel) { notifications in
                        self.subscribed()
                        for try await notification in notifications {
                            await self.handle(notification.payload)
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                noteDatabaseProblem("listen for jobs", error)
            }
            if wasSubscribed { backoff.reset() }
            wasSubscribed = false
            try? await Task.sleep(for: backoff.nextDelay())
        }
    }

    private var wasSubscribed = false

    private func subscribed() {
        wasSubscribed = true
        noteDatabaseBack()
        doorbell.ring()
    }

    private func handle(_ payload: String) async {
        if payload.hasPrefix("job:") {
            doorbell.ring()
        } else if payload.hasPrefix("cancel:") {
            let id = String(payload.dropFirst("cancel:".count))
            if running[id] != nil {
                await runner.cancel(jobID: id)
            } else {
                // Perhaps a job a claim of this worker is taking now (or another worker's).
                let now = ContinuousClock.now
                recentCancels = recentCancels.filter { now - $0.value < .seconds(60) }
                recentCancels[id] = now
            }
        }
    }

    // MARK: Stopping

    private func drain() async {
        if !running.isEmpty { log("cog-host queue: stopping: waiting for \(running.count) running job(s)") }
        while !running.isEmpty {
            let deadline = stopDeadline ?? .now
            if ContinuousClock.now >= deadline { break }
            await doorbell.wait(upTo: min(deadline - .now, .seconds(1)))
        }
        // Past the drain timeout: the rest go back to the queue (not counted as an attempt)
        // and are stopped here.
        for (id, entry) in running {
            log("cog-host queue: job \(id) goes back to the queue (drain timeout)")
            // Marked first: if the prediction ends while the release is under way, its result
            // is not written over the released job (which runs again elsewhere).
            releasedWhileRunning.insert(id)
            await runner.abandon(jobID: id)
            _ = await retrying("put job \(id) back", persistent: false) { [store, configuration] in
                try await store.release(job: entry.job, workerID: configuration.workerID)
                return true
            }
            counters.released += 1
        }
        for entry in running.values { await entry.task.value }
    }

    // MARK: Retrying

    /// Runs a database call until it succeeds; nil when the worker stops first (unless
    /// `persistent`: then it goes on until the drain deadline has passed).
    private func retrying<T: Sendable>(_ what: String, persistent: Bool = false, _ body: @escaping @Sendable () async throws -> T) async -> T? {
        var backoff = RetryBackoff()
        while true {
            do {
                let value = try await body()
                noteDatabaseBack()
                return value
            } catch {
                noteDatabaseProblem(what, error)
                if stopping && (!persistent || (stopDeadline.map { ContinuousClock.now >= $0 } ?? true)) { return nil }
                try? await Task.sleep(for: backoff.nextDelay())
            }
        }
    }

    private func noteDatabaseProblem(_ what: String, _ error: any Error) {
        counters.databaseErrors += 1
        guard databaseDown == nil else { return }
        databaseDown = what
        log("cog-host queue: the database is unavailable (\(what): \(Self.describe(error))); retrying with backoff")
    }

    private func noteDatabaseBack() {
        guard databaseDown != nil else { return }
        databaseDown = nil
        log("cog-host queue: the database is back")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// A failed prediction document for a job that could not be run at all.
    static func failureDocument(id: String, error: String) -> String {
        struct Document: Encodable {
            let id: String
            var status = "failed"
            let error: String
            var logs = ""
            var metrics: [String: Double] = [:]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Document(id: id, error: error))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The worker's own numbers plus the queue's, for `/metrics`.
    public func metricsText(queue: QueueStats?) -> String {
        var text = PrometheusText()
        text.gauge("cog_queue_worker_running_jobs", "Jobs this worker runs now.", [("", Double(running.count))])
        text.gauge("cog_queue_worker_slots", "Jobs this worker runs at most at once.", [("", Double(configuration.concurrency))])
        text.counter("cog_queue_worker_claimed_total", "Jobs this worker claimed.", [("", Double(counters.claimed))])
        text.counter("cog_queue_worker_retried_total", "Claimed jobs whose earlier worker had died.", [("", Double(counters.retried))])
        text.counter("cog_queue_worker_finished_total", "Jobs this worker ended, by state.",
                     QueueJobState.allCases.filter(\.isTerminal).map { ("state=\"\($0.rawValue)\"", Double(counters.finished[$0] ?? 0)) })
        text.counter("cog_queue_worker_released_total", "Jobs this worker put back in the queue.", [("", Double(counters.released))])
        text.counter("cog_queue_worker_leases_lost_total", "Results dropped because another worker had taken the job over.", [("", Double(counters.leasesLost))])
        text.counter("cog_queue_worker_database_errors_total", "Database calls that failed (and were retried).", [("", Double(counters.databaseErrors))])
        return text.text + (queue?.prometheusText ?? "")
    }
}

/// A worker's counts since it started.
public struct QueueWorkerCounters: Sendable {
    public var claimed = 0
    public var retried = 0
    public var finished: [QueueJobState: Int] = [:]
    public var released = 0
    public var leasesLost = 0
    public var databaseErrors = 0
}
