// The worker process: loads the predictor, runs setup, then runs jobs the server sends.
import CogCore
public import CogEnvironment
public import CogWorkerProtocol
import ProcessStreams
import Foundation
import PythonRuntime

/// Runs in `cog-host worker`. Python lives on this process's main thread, where jobs run. Between
/// jobs the main thread reads the next request off the socket itself; a watcher thread reads
/// what arrives during a job (cancel and healthcheck are handled as they arrive). With concurrent
/// async jobs a reader thread reads every request and the main thread runs the event loop.
/// Everything the process prints is captured and attributed to the
/// running job.
public final class PythonWorker: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): mutable state is guarded by `lock`.
    public struct Options: Sendable {
        public var projectDirectory: String
        public var predictReference: String?
        public var trainReference: String?
        /// Jobs of async predictors run concurrently up to this many (`COG_MAX_CONCURRENCY`).
        public var concurrency: Int
        /// Makes or chooses the project's Python environment (it sets `VIRTUAL_ENV`), given the
        /// predictor's directory, and returns the Python to embed; runs first in setup, with its
        /// output in the setup's logs.
        public var prepareEnvironment: @Sendable (_ predictorDirectory: String) throws -> PythonInstallation

        public init(projectDirectory: String, predictReference: String?, trainReference: String?, concurrency: Int = 1,
                    prepareEnvironment: @escaping @Sendable (_ predictorDirectory: String) throws -> PythonInstallation) {
            self.projectDirectory = projectDirectory
            self.predictReference = predictReference
            self.trainReference = trainReference
            self.concurrency = concurrency
            self.prepareEnvironment = prepareEnvironment
        }
    }

    private let channel: FrameChannel
    private let options: Options
    private let lock = NSCondition()
    /// Held by whichever thread is reading a request frame off the socket (one-job-at-a-time
    /// workers, where both the main thread and the watcher read).
    private let readLock = NSLock()
    private var queue: [WorkerRequest] = []
    private var currentJob: String?
    /// Jobs canceled between leaving the queue and starting: they end at once, unrun.
    private var canceledBeforeStart: Set<String> = []
    /// Each running job's secret values, and a stream scrubber per output stream.
    private var scrubbers: [String: (values: SecretScrubber, streams: [String: StreamingScrubber])] = [:]
    private var predictor: PythonPredictor?
    private var trainer: PythonPredictor?
    private var capture: OutputCapture?
    private var concurrent: ConcurrentPredictions?
    /// What the predictor prints, on its way to the server in few frames (made by `run`
    /// before anything is sent).
    private var logs: LogBatcher!
    /// `cog_host.cancel`, imported once at setup (used under the GIL).
    private var cancelModule: PythonObject?
    /// The concurrent loop's wake-up pipe (-1 without one); set before the request reader starts.
    private var wakeDescriptor: Int32 = -1
    /// Python's main thread: cancel signals must land on it to interrupt a blocking call.
    private var mainThread = pthread_self()

    public init(channel: FrameChannel, options: Options) {
        self.channel = channel
        self.options = options
    }

    /// Runs until the server says shutdown or closes the socket. Returns the exit status.
    public func run() -> Int32 {
        mainThread = pthread_self()
        logs = LogBatcher { [unowned self] job, text, source in
            sendNow(job.map { .progress(id: $0, .log(text: text, source: source)) } ?? .log(text))
        }
        send(.log("[cog-host::worker] Connected to slot transport\n"))
        capture = OutputCapture { [weak self] text, source in self?.forward(text, source: source) }
        send(.log("[cog-host::worker] File descriptor redirection complete\n"))
        guard setUp() else {
            capture?.drain()
            return 1
        }
        if options.concurrency > 1, predictor?.interface.isAsync ?? trainer?.interface.isAsync ?? false {
            do {
                let loop = try ConcurrentPredictions()
                concurrent = loop
                wakeDescriptor = loop.wakeDescriptor
            } catch {
                send(.log("cog-host: warning: COG_MAX_CONCURRENCY=\(options.concurrency) asks for concurrent predictions, but they could not be set up (\(error)); predictions run one at a time\n"))
            }
        }
        // One job at a time: the main thread reads its next request itself (one thread wake-up
        // per request instead of two) and a watcher reads what comes while a job runs. With
        // concurrent jobs the main thread runs the event loop, and a reader thread reads all.
        let reader = concurrent == nil ? Thread { [self] in self.watchRequests() } : Thread { [self] in self.readRequests() }
        reader.name = "cog-host worker requests"
        reader.start()
        while true {
            let requests: [WorkerRequest]
            if let concurrent, concurrent.activeCount > 0 {
                // New requests first, then the loop until something happens (a new request
                // wakes it through the pipe).
                requests = takeQueuedRequests()
                if requests.isEmpty {
                    for event in concurrent.pump(seconds: 0.5) {
                        switch event {
                        case .progress(let id, let progress): send(.progress(id: id, progress))
                        case .finished(let id, let outcome): send(.done(id: id, outcome))
                        case .warning(let text): send(.log(text + "\n"))
                        }
                    }
                }
            } else if concurrent != nil {
                requests = [nextRequest()]
            } else {
                requests = [nextRequestReadingTheSocket()]
            }
            for request in requests {
                switch request {
                case .run(let job): execute(job)
                case .cancel(let id): concurrent?.cancel(id)
                case .shutdown: return 0
                case .healthcheck: break
                }
            }
        }
    }

    // MARK: setup

    private func setUp() -> Bool {
        let firstReference = options.predictReference ?? options.trainReference ?? ""
        let predictorDirectory = ((String(firstReference.split(separator: ":").first ?? "") as NSString).deletingLastPathComponent as NSString).standardizingPath
        let python: PythonInstallation
        do {
            python = try options.prepareEnvironment(predictorDirectory)
        } catch {
            report(setupFailure: "cannot make the project's Python environment: \(error)")
            return false
        }
        var environmentOptions = CogPythonEnvironment.Options(projectDirectory: options.projectDirectory, predictorDirectory: predictorDirectory, python: python)
        environmentOptions.environment = ProcessInfo.processInfo.environment
        do {
            _ = try CogPythonEnvironment.start(environmentOptions)
            let capture = capture
            try PredictorStreams.install { text, source, writer in capture?.write(text, source: source, writer: writer) }
            cancelModule = try Python.withGIL { () throws -> PythonObject in
                let module = try PythonObject.importModule("cog_host.cancel")
                _ = try module.callMethod("install")
                return module
            }
            predictor = try options.predictReference.map { try PythonPredictor.load(reference: $0, mode: .predict) }
            trainer = try options.trainReference.map { try PythonPredictor.load(reference: $0, mode: .train) }
        } catch {
            report(setupFailure: "failed to load predictor: \(Self.describe(error))")
            return false
        }
        for warning in (predictor?.warnings ?? []) + (trainer?.warnings ?? []) { send(.log("cog: warning: \(warning)\n")) }
        if options.concurrency > 1, let predictor, !predictor.interface.isAsync {
            report(setupFailure: "COG_MAX_CONCURRENCY > 1 requires an async run() or predict() method")
            return false
        }
        send(.loaded(predict: predictor?.interface, train: trainer?.interface, versions: versions()))
        do {
            let weights = ProcessInfo.processInfo.environment["COG_WEIGHTS"].flatMap { $0.isEmpty ? nil : $0 }
            try predictor?.setup(weights: weights)
            if let trainer, trainer !== predictor { try trainer.setup(weights: weights) }
        } catch {
            report(setupFailure: "setup failed: \(Self.describe(error))")
            return false
        }
        capture?.drain()
        send(.setupFinished(SetupReport(status: .succeeded)))
        return true
    }

    private func report(setupFailure message: String) {
        capture?.drain()
        send(.setupFinished(SetupReport(status: .failed, logs: "Setup failed: \(message)\n")))
    }

    private static func describe(_ error: any Error) -> String {
        guard let setupError = error as? SetupError else { return String(describing: error) }
        switch setupError {
        case .importFailed(let user), .setupFailed(let user):
            return user.traceback.joined().isEmpty ? user.description : user.traceback.joined().trimmingCharacters(in: .newlines)
        case .invalidPredictor(let message), .environment(let message):
            return message
        }
    }

    private func versions() -> [String: String] {
        Python.withGIL {
            var versions: [String: String] = [:]
            if let python = try? Python.evaluate("__import__('platform').python_version()").str() { versions["python"] = python }
            if let sdk = try? Python.evaluate("__import__('cog').__version__").str() { versions["python_sdk"] = sdk }
            return versions
        }
    }

    // MARK: requests

    private func readRequests() {
        while let request = try? channel.receive(WorkerRequest.self) {
            switch request {
            case .cancel, .healthcheck: handleControl(request)
            case .run, .shutdown: enqueue(request)
            }
        }
        serverGone()
    }

    /// The watcher of one-job-at-a-time workers: reads the requests that arrive while the main
    /// thread is not reading (a cancel or a health check during a job, or a job sent before the
    /// last one ended). Whoever reads holds `readLock` for the whole frame; a queued job is in
    /// the queue before the lock is released, so the main thread looks there first.
    private func watchRequests() {
        var descriptor = pollfd(fd: channel.descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            guard poll(&descriptor, 1, -1) >= 0 || errno == EINTR else { serverGone() }
            readLock.lock()
            // The main thread may have read what woke us while we waited for the lock.
            descriptor.revents = 0
            guard poll(&descriptor, 1, 0) > 0 else {
                readLock.unlock()
                continue
            }
            guard let request = try? channel.receive(WorkerRequest.self) else { serverGone() }
            switch request {
            case .run, .shutdown: enqueue(request)
            case .cancel, .healthcheck: break
            }
            readLock.unlock()
            handleControl(request)
        }
    }

    /// Cancel and health check requests (run and shutdown go to the main thread).
    private func handleControl(_ request: WorkerRequest) {
        switch request {
        case .cancel(let id): cancel(id)
        case .healthcheck:
            let runner = predictor ?? trainer
            send(.healthcheck(runner?.userHealthcheck()))
        case .run, .shutdown: break
        }
    }

    /// The server went away: nothing left to do.
    private func serverGone() -> Never {
        capture?.drain()
        _exit(0)
    }

    /// The next job or shutdown for a one-job-at-a-time worker: one the watcher queued, else
    /// the next frame off the socket, read on this (the main) thread.
    private func nextRequestReadingTheSocket() -> WorkerRequest {
        while true {
            if let queued = takeQueuedRequest() { return queued }
            readLock.lock()
            // A job the watcher read before we got the lock is queued by now.
            if let queued = takeQueuedRequest() {
                readLock.unlock()
                return queued
            }
            guard let request = try? channel.receive(WorkerRequest.self) else { serverGone() }
            if case .run(let job) = request {
                // Claimed before the watcher can read a cancel for it.
                setCurrentJob(job.id)
            }
            readLock.unlock()
            switch request {
            case .run, .shutdown: return request
            case .cancel, .healthcheck: handleControl(request)
            }
        }
    }

    /// A request the watcher queued, if any; a job is claimed as `currentJob` in the same
    /// critical section, so a cancel never falls between the two.
    private func takeQueuedRequest() -> WorkerRequest? {
        lock.lock()
        defer { lock.unlock() }
        guard !queue.isEmpty else { return nil }
        let request = queue.removeFirst()
        if case .run(let job) = request { currentJob = job.id }
        return request
    }

    private func enqueue(_ request: WorkerRequest) {
        lock.lock()
        queue.append(request)
        lock.signal()
        lock.unlock()
        if wakeDescriptor >= 0 { ConcurrentPredictions.wake(wakeDescriptor) }
    }

    /// The next request the reader thread queued (concurrent workers, whose jobs are not
    /// claimed as `currentJob`: their cancels go to the event loop).
    private func nextRequest() -> WorkerRequest {
        lock.lock()
        defer { lock.unlock() }
        while queue.isEmpty { lock.wait() }
        return queue.removeFirst()
    }

    private func takeQueuedRequests() -> [WorkerRequest] {
        lock.lock()
        defer { lock.unlock() }
        let requests = queue
        queue = []
        return requests
    }

    private func cancel(_ id: String) {
        lock.lock()
        if let index = queue.firstIndex(where: { if case .run(let job) = $0 { return job.id == id } else { return false } }) {
            queue.remove(at: index)
            lock.unlock()
            send(.done(id: id, .canceled(metrics: [:])))
            return
        }
        let isRunning = currentJob == id
        if isRunning { canceledBeforeStart.insert(id) }
        lock.unlock()
        guard isRunning else {
            // A concurrent job: its task is canceled on the main thread, which owns the loop.
            if concurrent != nil { enqueue(.cancel(id: id)) }
            return
        }
        // The handler raises cog.CancelationException on the main thread at its next bytecode,
        // and interrupts time.sleep and other blocking calls.
        cancelFlag("request")
        pthread_kill(mainThread, SIGUSR1)
    }

    // MARK: jobs

    private func execute(_ job: PredictionJob) {
        guard let runner = job.isTraining ? (trainer ?? predictor) : predictor ?? trainer else {
            send(.done(id: job.id, .failed(PredictionFailure.host("no predictor is configured for this worker"), metrics: [:])))
            return
        }
        let scrubber = SecretScrubber(secrets: runner.interface.secretValues(in: job.input))
        if scrubber.tooShort > 0 {
            send(.log("cog-host: warning: \(scrubber.tooShort) secret input(s) of prediction \(job.id) are shorter than \(SecretScrubber.minimumLength) characters and are not scrubbed from logs\n"))
        }
        if !scrubber.isEmpty {
            lock.lock()
            scrubbers[job.id] = (scrubber, ["stdout": StreamingScrubber(scrubber), "stderr": StreamingScrubber(scrubber)])
            lock.unlock()
        }
        if let concurrent {
            do {
                try concurrent.start(try runner.prepare(job.input, context: job.context), id: job.id, context: job.context, on: runner)
            } catch let error as InputPreparationError {
                send(.done(id: job.id, .failed(PredictionFailure.input(error.message), metrics: [:])))
            } catch {
                send(.done(id: job.id, .failed(PredictionFailure.host("the prediction could not be started: \(error)"), metrics: [:])))
            }
            return
        }
        lock.lock()
        let alreadyCanceled = canceledBeforeStart.remove(job.id) != nil
        currentJob = job.id
        lock.unlock()
        if alreadyCanceled {
            // The cancel arrived while the job was being claimed: it never starts.
            cancelFlag("clear")
            setCurrentJob(nil)
            send(.done(id: job.id, .canceled(metrics: [:])))
            return
        }
        let outcome: PredictionOutcome
        do {
            let prepared = try runner.prepare(job.input, context: job.context)
            outcome = runner.predict(
                prepared,
                onOutputItem: { [self] item in send(.progress(id: job.id, .output(item))) },
                onMetric: { [self] name, value, mode in send(.progress(id: job.id, .metric(name: name, value: value, mode: mode))) })
        } catch {
            outcome = .failed(PredictionFailure.input(error.message), metrics: [:])
        }
        cancelFlag("clear")
        capture?.drain()
        lock.lock()
        currentJob = nil
        canceledBeforeStart.remove(job.id)
        lock.unlock()
        send(.done(id: job.id, outcome))
    }

    /// Calls `cog_host.cancel.<operation>()`: "request" arms the SIGUSR1 handler, "clear" disarms it.
    private func cancelFlag(_ operation: String) {
        Python.withGIL { _ = try? cancelModule?.callMethod(operation) }
    }

    private func setCurrentJob(_ id: String?) {
        lock.lock()
        currentJob = id
        lock.unlock()
    }

    private func forward(_ text: String, source: String) {
        lock.lock()
        let id = currentJob
        lock.unlock()
        logs.append(job: id, text: text, source: source)
    }

    /// Sends an event after the log text queued before it.
    private func send(_ event: WorkerEvent) {
        logs.inOrder { sendNow(event) }
    }

    /// Sends an event with the job's secret values scrubbed out of every text it carries;
    /// output not attributed to a job is scrubbed with every running job's secrets.
    private func sendNow(_ event: WorkerEvent) {
        var event = event
        lock.lock()
        switch event {
        case .progress(let id, .log(let text, let source)):
            if let stream = scrubbers[id]?.streams[source] { event = .progress(id: id, .log(text: stream.feed(text), source: source)) }
        case .progress(let id, let progress):
            if let scrubber = scrubbers[id]?.values { event = .progress(id: id, scrubber.scrub(progress)) }
        case .done(let id, let outcome):
            if let entry = scrubbers.removeValue(forKey: id) {
                // Release what the stream scrubbers held back, before the result.
                for (source, stream) in entry.streams {
                    let rest = stream.finish()
                    if !rest.isEmpty { try? channel.send(WorkerEvent.progress(id: id, .log(text: rest, source: source))) }
                }
                event = .done(id: id, entry.values.scrub(outcome))
            }
        case .log(let text):
            event = .log(scrubbers.values.reduce(text) { $1.values.scrub($0) })
        default:
            break
        }
        lock.unlock()
        do {
            try channel.send(event)
        } catch {
            // The server is gone; the reader thread ends the process.
        }
    }
}
