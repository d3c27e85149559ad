// The result of running setup or one prediction, independent of how it ran.

/// An exception raised by user code, as plain values.
public struct UserCodeError: Error, Equatable, Sendable, Codable, CustomStringConvertible {
    /// `ValueError`, `mymodule.MyError`.
    public let typeName: String
    public let message: String
    /// The formatted traceback, one entry per line (each ending in a newline).
    public let traceback: [String]
    /// Where it happened, which decides how Cog's HTTP API words the error.
    public let origin: FailureOrigin

    public init(typeName: String, message: String, traceback: [String] = [], origin: FailureOrigin = .predictorRaised) {
        self.typeName = typeName
        self.message = message
        self.traceback = traceback
        self.origin = origin
    }

    /// `Type: message` (just `Type` for an empty message), as Python's last traceback line.
    public var description: String { message.isEmpty ? typeName : "\(typeName): \(message)" }
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
}

/// What one prediction ended as.
public enum PredictionOutcome: Equatable, Sendable, Codable {
    case succeeded(output: OutputValue, metrics: [String: JSONValue])
    case failed(UserCodeError, metrics: [String: JSONValue])
    case canceled(metrics: [String: JSONValue])
}

/// Why a predictor could not be made ready.
public enum SetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The predictor file is not something Cog can run (no run/predict, unsupported types…).
    case invalidPredictor(String)
    /// Importing the user's file raised.
    case importFailed(UserCodeError)
    /// `setup()` raised.
    case setupFailed(UserCodeError)
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
