// What the HTTP server needs from the thing that runs predictors (a worker process, or a fake).
public import Foundation

/// The state of the predictor's setup, for `GET /health-check`.
public struct SetupReport: Equatable, Sendable, Codable {
    public enum Status: String, Sendable, Codable { case starting, succeeded, failed }

    public var status: Status
    public var startedAt: Date?
    public var completedAt: Date?
    /// What setup printed; on failure, the error text.
    public var logs: String

    public init(status: Status, startedAt: Date? = nil, completedAt: Date? = nil, logs: String = "") {
        self.status = status
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.logs = logs
    }
}

/// The result of the predictor's own `healthcheck()`.
public enum UserHealthcheckResult: Equatable, Sendable, Codable {
    case healthy
    /// The error text for `user_healthcheck_error`, e.g.
    /// `Healthcheck failed: user-defined healthcheck returned False`.
    case unhealthy(String)
}

/// Runs predictions for the HTTP layer. `CogHTTP` knows only this protocol; the worker
/// supervisor implements it, and tests use fakes.
public protocol PredictionBackend: Sendable {
    /// The predictor's interface for `/predictions` and, when `train:` is configured, for
    /// `/trainings`; nil until the predictor has been loaded (or if loading failed).
    func interfaces() async -> (predict: PredictorInterface?, train: PredictorInterface?)
    /// The setup state (starting while the worker loads and runs `setup()`).
    func setupReport() async -> SetupReport
    /// How many predictions may run at once.
    var slotCount: Int { get }
    /// Runs one job whose inputs already passed validation. `accepted` is called once, when the
    /// backend has the job: from then on `cancel(job.id)` reaches it (a cancel sent earlier may
    /// find nothing to cancel). `progress` sees logs, outputs and metrics as they happen; the
    /// returned outcome is final (`canceled` after `cancel`).
    func run(_ job: PredictionJob, accepted: @escaping @Sendable () -> Void, progress: @escaping @Sendable (PredictionProgress) -> Void) async -> PredictionOutcome
    /// Asks the running job with this id to stop; it then ends as `canceled` (forcibly, if the
    /// predictor ignores the request). Unknown ids are ignored.
    func cancel(_ id: String) async
    /// Runs the predictor's `healthcheck()` (nil when it has none).
    func userHealthcheck() async -> UserHealthcheckResult?
    /// Versions for the health-check document: python, python_sdk.
    func versions() async -> [String: String]
    /// Stops the worker(s).
    func shutdown() async
}

extension PredictionBackend {
    /// Runs one job, for callers that never cancel it before it started.
    public func run(_ job: PredictionJob, progress: @escaping @Sendable (PredictionProgress) -> Void) async -> PredictionOutcome {
        await run(job, accepted: {}, progress: progress)
    }
}
