// What the queue worker needs from the thing that runs predictions (the HTTP server's pipeline, or a fake).

/// Runs claimed jobs. The CLI implements it with `CogHTTPServer.startDetached`, so a queued
/// prediction runs exactly as an HTTP one (worker process, scrubbing, webhooks, uploads).
public protocol QueueJobRunner: Sendable {
    /// Waits until setup has ended; returns what workers publish about the predictor (so
    /// submitters can type and seal inputs), or throws the setup failure's text.
    func waitUntilReady() async throws(QueueRunnerSetupFailure) -> PublishedPredictor
    /// Runs one job and returns its end. `progress` gets the prediction document as it
    /// changes: the latest one, at most once per `progressInterval` and not before the first
    /// interval has passed, and never after the end (which the result carries), so a short
    /// prediction costs the database no progress write at all.
    func run(_ job: QueueJob, secretInputs: String?, progressInterval: Duration,
             progress: @escaping @Sendable (String) async -> Void) async -> QueueJobEnd
    /// Asks the running job with this id to stop (it then ends `canceled`). A cancel that comes
    /// before the job's run is under way applies when it starts.
    func cancel(jobID: String) async
    /// Stops the job's run without announcing its end (no `completed` webhook): the job went
    /// back to the queue, or to another worker, and its end is theirs to announce.
    func abandon(jobID: String) async
    /// Stops the predictor's processes once running jobs ended.
    func shutdown() async
}

/// What a worker publishes in `cog_host.settings` once its predictor is set up.
public struct PublishedPredictor: Sendable, Equatable {
    /// The names of the inputs whose values are Secrets (`secret_inputs`, a JSON array).
    public var secretInputs: [String]
    /// The predictor's interface model as JSON (`interface`), for `queue submit`'s `-i` typing.
    public var interfaceJSON: String

    public init(secretInputs: [String], interfaceJSON: String) {
        self.secretInputs = secretInputs
        self.interfaceJSON = interfaceJSON
    }
}

/// Setup failed: the worker exits rather than claim jobs it cannot run.
public struct QueueRunnerSetupFailure: Error, Sendable {
    public let logs: String
    public init(logs: String) { self.logs = logs }
}

/// How a job's run ended.
public enum QueueJobEnd: Sendable, Equatable {
    /// Cog's prediction document and its terminal status (`succeeded`, `failed`, `canceled`).
    case finished(state: QueueJobState, document: String)
    /// The runner could not take it now (no slot, setup not done): the job goes back to the queue.
    case notStarted(reason: String)
}
