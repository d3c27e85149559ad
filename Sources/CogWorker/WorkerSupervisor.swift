// Runs predictions in a worker process and replaces the worker when it dies.
public import CogCore
import CogWorkerProtocol
import Foundation

/// A `PredictionBackend` backed by a `cog-host worker` child process. The predictor's crashes,
/// `os._exit`, segfaults and OOM kills end the worker, not the server: in-flight jobs fail with
/// `Worker crashed`, and a fresh worker is started (running setup again).
public actor WorkerSupervisor: PredictionBackend {
    public struct Configuration: Sendable {
        /// The cog-host binary and the arguments of its `worker` subcommand.
        public var executable: String
        public var arguments: [String]
        public var environment: [String: String]
        public var slotCount: Int
        /// How long a canceled job may keep running before the worker is replaced.
        public var cancelGracePeriod: Duration = .seconds(5)
        /// Setup (load + `setup()`) that takes longer fails; nil waits forever.
        public var setupTimeout: Duration?
        /// How long the user's `healthcheck()` may take.
        public var healthcheckTimeout: Duration = .seconds(5)
        /// Where output printed outside any prediction goes (the server's log).
        public var serverLog: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }

        public init(executable: String, arguments: [String], environment: [String: String], slotCount: Int) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.slotCount = slotCount
        }
    }

    public nonisolated let slotCount: Int
    private let configuration: Configuration
    private var child: ChildProcess?
    private var generation = 0
    private let jobs = RunningJobs()
    private var predictInterface: PredictorInterface?
    private var trainInterface: PredictorInterface?
    private var report = SetupReport(status: .starting) {
        didSet {
            guard report.status != .starting, !setupWaiters.isEmpty else { return }
            let waiters = setupWaiters
            setupWaiters.removeAll()
            for waiter in waiters { waiter.resume(returning: report) }
        }
    }
    private var setupWaiters: [CheckedContinuation<SetupReport, Never>] = []
    private var workerVersions: [String: String] = [:]
    private var healthcheckWaiters: [CheckedContinuation<UserHealthcheckResult?, Never>] = []
    private var isShuttingDown = false

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.slotCount = max(1, configuration.slotCount)
    }

    /// Starts the first worker. Call once.
    public func start() {
        spawnWorker()
    }

    // MARK: PredictionBackend

    public func interfaces() -> (predict: PredictorInterface?, train: PredictorInterface?) {
        (predictInterface, trainInterface)
    }

    public func setupReport() -> SetupReport { report }

    /// Returns once setup has ended (succeeded or failed) — at once if it has.
    public func waitForSetup() async -> SetupReport {
        if report.status != .starting { return report }
        return await withCheckedContinuation { setupWaiters.append($0) }
    }

    public func versions() -> [String: String] { workerVersions }

    public func run(_ job: PredictionJob, accepted: @escaping @Sendable () -> Void, progress: @escaping @Sendable (PredictionProgress) -> Void) async -> PredictionOutcome {
        await withCheckedContinuation { continuation in
            guard let child, report.status == .succeeded else {
                continuation.resume(returning: .workerCrashed)
                return
            }
            // The worker knows jobs by id: a second job with the id of one in flight is refused
            // (replacing the first would leave its caller waiting forever).
            guard jobs.insert(RunningJobs.Job(continuation: continuation, progress: progress, generation: generation), id: job.id) else {
                continuation.resume(returning: .failed(PredictionFailure.input("a prediction with id \(job.id) is already running"), metrics: [:]))
                return
            }
            // Registered: a cancel from now on finds the job (and is sent after the run request).
            accepted()
            do {
                try child.channel.send(WorkerRequest.run(job))
            } catch {
                jobs.finish(job.id, .workerCrashed)
            }
        }
    }

    public func cancel(_ id: String) {
        guard let job = jobs.markCanceled(id) else { return }
        try? child?.channel.send(WorkerRequest.cancel(id: id))
        let generation = job.generation
        let grace = configuration.cancelGracePeriod
        Task {
            try? await Task.sleep(for: grace)
            await self.enforceCancel(id, generation: generation)
        }
    }

    public func userHealthcheck() async -> UserHealthcheckResult? {
        let hasHealthcheck = predictInterface?.hasHealthcheck == true || trainInterface?.hasHealthcheck == true
        guard hasHealthcheck, report.status == .succeeded else { return nil }
        guard let child else { return .unhealthy("Healthcheck error: protocol error: healthcheck channel closed") }
        let timeout = configuration.healthcheckTimeout
        return await withCheckedContinuation { continuation in
            healthcheckWaiters.append(continuation)
            if healthcheckWaiters.count == 1 {
                try? child.channel.send(WorkerRequest.healthcheck)
                Task {
                    try? await Task.sleep(for: timeout)
                    await self.answerHealthchecks(.unhealthy("Healthcheck failed: user-defined healthcheck timed out after \(Self.seconds(timeout)) seconds"))
                }
            }
        }
    }

    public func shutdown() async {
        isShuttingDown = true
        guard let child else { return }
        try? child.channel.send(WorkerRequest.shutdown)
        for _ in 0..<50 where self.child != nil {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if self.child != nil { kill(child.pid, SIGKILL) }
    }

    // MARK: worker lifecycle

    private func spawnWorker() {
        generation += 1
        let generation = generation
        report = SetupReport(status: .starting, startedAt: Date(), logs: "[cog-host] Spawning worker subprocess\n")
        let spawned: ChildProcess
        do {
            spawned = try ChildProcess.spawn(executable: configuration.executable, arguments: configuration.arguments, environment: configuration.environment)
        } catch {
            report = SetupReport(status: .failed, startedAt: report.startedAt, completedAt: Date(), logs: "\(error)")
            return
        }
        child = spawned
        let events = AsyncStream<WorkerEvent?> { continuation in
            let jobs = jobs
            let thread = Thread {
                while let event = try? spawned.channel.receive(WorkerEvent.self) {
                    // Progress and results go straight to their job; the rest to the actor.
                    switch event {
                    case .progress(let id, let progress): jobs.deliver(progress, to: id, generation: generation)
                    case .done(let id, let outcome): jobs.finish(id, outcome, generation: generation)
                    default: continuation.yield(event)
                    }
                }
                continuation.yield(nil)
                continuation.finish()
            }
            thread.name = "cog-host worker reader"
            thread.start()
        }
        Task {
            for await event in events {
                if let event {
                    await self.handle(event, generation: generation)
                } else {
                    await self.workerExited(generation: generation)
                }
            }
        }
        if let timeout = configuration.setupTimeout {
            Task {
                try? await Task.sleep(for: timeout)
                await self.enforceSetupTimeout(generation: generation)
            }
        }
    }

    private func handle(_ event: WorkerEvent, generation: Int) {
        guard generation == self.generation else { return }
        switch event {
        case .loaded(let predict, let train, let versions):
            predictInterface = predict
            trainInterface = train
            workerVersions = versions
        case .setupFinished(let finished):
            let readiness = finished.status == .succeeded ? "[cog-host] Server ready\n" : ""
            report = SetupReport(status: finished.status, startedAt: report.startedAt, completedAt: Date(), logs: report.logs + finished.logs + readiness)
        case .progress, .done:
            break  // delivered by the reader thread (RunningJobs)
        case .healthcheck(let result):
            answerHealthchecks(result)
        case .log(let text):
            if report.status == .starting {
                report.logs += text
            }
            configuration.serverLog(text)
        }
    }

    private func workerExited(generation: Int) {
        guard generation == self.generation, let exited = child else { return }
        child = nil
        exited.channel.close()
        var status: Int32 = 0
        waitpid(exited.pid, &status, 0)
        let reason = Self.describe(exitStatus: status)
        for (id, job) in jobs.removeAll(ofGeneration: generation) {
            if job.canceled {
                job.continuation.resume(returning: .canceled(metrics: [:]))
            } else {
                configuration.serverLog("cog-host: worker \(reason) during prediction \(id); starting a new worker\n")
                job.continuation.resume(returning: .workerCrashed)
            }
        }
        answerHealthchecks(.unhealthy("Healthcheck error: protocol error: healthcheck channel closed"))
        guard !isShuttingDown else { return }
        if report.status != .succeeded {
            // Loading or setup failed (or timed out): stay SETUP_FAILED, as Cog does.
            if report.status == .starting {
                report = SetupReport(status: .failed, startedAt: report.startedAt, completedAt: Date(), logs: report.logs + "worker \(reason) during setup\n")
            }
            return
        }
        configuration.serverLog("cog-host: worker \(reason); starting a new worker\n")
        spawnWorker()
    }

    private func enforceCancel(_ id: String, generation: Int) {
        guard let job = jobs[id], job.canceled, job.generation == generation, generation == self.generation, let child else { return }
        configuration.serverLog("cog-host: prediction \(id) ignored cancelation; replacing the worker\n")
        kill(child.pid, SIGKILL)
    }

    private func enforceSetupTimeout(generation: Int) {
        guard generation == self.generation, report.status == .starting, let child else { return }
        report = SetupReport(status: .failed, startedAt: report.startedAt, completedAt: Date(), logs: report.logs + "worker setup timed out\n")
        kill(child.pid, SIGKILL)
    }

    private func answerHealthchecks(_ result: UserHealthcheckResult?) {
        let waiters = healthcheckWaiters
        healthcheckWaiters = []
        for waiter in waiters { waiter.resume(returning: result) }
    }

    static func describe(exitStatus status: Int32) -> String {
        let signal = status & 0x7f
        if signal != 0 { return "was killed by signal \(signal)" }
        return "exited with status \((status >> 8) & 0xff)"
    }

    static func seconds(_ duration: Duration) -> String {
        let value = duration.seconds
        return String(format: "%.1f", value)
    }
}

extension PredictionOutcome {
    /// The outcome of a prediction whose worker process died under it.
    static let workerCrashed = PredictionOutcome.failed(.workerCrashed, metrics: [:])

    /// The metrics recorded so far, whatever the outcome.
    public var metrics: [String: JSONValue] {
        switch self {
        case .succeeded(_, let metrics), .failed(_, let metrics), .canceled(let metrics): return metrics
        }
    }
}
