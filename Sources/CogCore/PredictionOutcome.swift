// The result of running setup or one prediction, independent of how it ran.

/// Why a prediction failed, as plain values: whose fault it was (`origin`) and what happened.
/// For user code that raised, `typeName`/`message`/`traceback` are the Python exception's; for
/// the other origins `typeName` is empty and `message` says what went wrong.
public struct PredictionFailure: Error, Equatable, Sendable, Codable, CustomStringConvertible {
    /// `ValueError`, `mymodule.MyError`; empty when no Python exception is behind the failure.
    public let typeName: String
    public let message: String
    /// The formatted traceback, one entry per line (each ending in a newline).
    public let traceback: [String]
    /// Where it happened and whose fault it was, which decides how each front end words it.
    public let origin: FailureOrigin

    public init(typeName: String, message: String, traceback: [String] = [], origin: FailureOrigin = .predictorRaised) {
        self.typeName = typeName
        self.message = message
        self.traceback = traceback
        self.origin = origin
    }

    /// An input the prediction was given could not be used (a download failed, a file is missing).
    public static func input(_ message: String) -> PredictionFailure {
        PredictionFailure(typeName: "", message: message, origin: .inputPreparation)
    }

    /// cog-host itself failed (a bug, or a state it should not be in), not the predictor.
    public static func host(_ message: String) -> PredictionFailure {
        PredictionFailure(typeName: "", message: message, origin: .host)
    }

    /// The worker process died during the prediction.
    public static let workerCrashed = PredictionFailure(typeName: "", message: "Worker crashed", origin: .workerCrashed)

    /// `Type: message` (just `Type` for an empty message), as Python's last traceback line; the
    /// message alone when no exception is behind the failure.
    public var description: String {
        if typeName.isEmpty { return message }
        return message.isEmpty ? typeName : "\(typeName): \(message)"
    }
}

/// Whose fault a failure was: the four parties a front end tells apart.
public enum FailureParty: String, Equatable, Sendable {
    /// The predictor's code raised, or returned something that cannot be encoded.
    case userCode
    /// The request's inputs could not be used.
    case input
    /// cog-host failed.
    case host
    /// The worker process died (user code crashing the interpreter, or a kill).
    case workerCrash
}

/// Where a prediction failed.
public enum FailureOrigin: String, Equatable, Sendable, Codable {
    /// `run()`/`predict()`/`train()` raised (sync).
    case predictorRaised
    /// An `async def` method raised.
    case asyncPredictorRaised
    /// A generator raised after yielding.
    case iteratorRaised
    /// An input could not be prepared (a download failed).
    case inputPreparation
    /// The output could not be encoded.
    case outputEncoding
    /// The worker process died.
    case workerCrashed
    /// cog-host itself failed (its own error, not the predictor's).
    case host

    public var party: FailureParty {
        switch self {
        case .predictorRaised, .asyncPredictorRaised, .iteratorRaised, .outputEncoding: return .userCode
        case .inputPreparation: return .input
        case .workerCrashed: return .workerCrash
        case .host: return .host
        }
    }
}

/// What one prediction ended as.
public enum PredictionOutcome: Equatable, Sendable, Codable {
    case succeeded(output: OutputValue, metrics: [String: JSONValue])
    case failed(PredictionFailure, metrics: [String: JSONValue])
    case canceled(metrics: [String: JSONValue])
}

/// Why a predictor could not be made ready.
public enum SetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The predictor file is not something Cog can run (no run/predict, unsupported types…).
    case invalidPredictor(String)
    /// Importing the user's file raised.
    case importFailed(PredictionFailure)
    /// `setup()` raised.
    case setupFailed(PredictionFailure)
    /// The interpreter or its environment could not be prepared.
    case environment(String)

    public var description: String {
        switch self {
        case .invalidPredictor(let message): return message
        case .importFailed(let error): return "failed to load predictor: \(error)"
        case .setupFailed(let error): return "setup failed: \(error)"
        case .environment(let message): return message
        }
    }
}
