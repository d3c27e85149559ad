// The messages between the server and its worker process.
public import CogCore

/// Server → worker.
public enum WorkerRequest: Equatable, Sendable, Codable {
    case run(PredictionJob)
    case cancel(id: String)
    case healthcheck
    case shutdown
}

/// Worker → server.
public enum WorkerEvent: Equatable, Sendable, Codable {
    /// The predictor(s) were imported and introspected.
    case loaded(predict: PredictorInterface?, train: PredictorInterface?, versions: [String: String])
    /// Setup finished (or loading failed): the report's status says which.
    case setupFinished(SetupReport)
    /// Something a job produced while running.
    case progress(id: String, PredictionProgress)
    case done(id: String, PredictionOutcome)
    case healthcheck(UserHealthcheckResult?)
    /// Output printed outside any job (during setup, or by stray threads).
    case log(String)
}
