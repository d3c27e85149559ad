// How the HTTP API words a failed prediction's `error` field, from where the failure happened:
// coglet 0.23.1's texts for user code, inputs and worker crashes; cog-host's own for its failures.
public import CogCore

extension PredictionFailure {
    /// The `error` text coglet 0.23.1 reports for this failure, e.g.
    /// `Prediction failed: Prediction failed: ValueError: boom` or, for `/trainings`,
    /// `Prediction failed: Training failed: ValueError: boom`.
    public func httpErrorText(isTraining: Bool) -> String {
        // Cog prints `Type: message` even for an empty message (`KeyboardInterrupt: `).
        let exception = typeName.isEmpty ? message : "\(typeName): \(message)"
        switch origin {
        case .predictorRaised:
            return "Prediction failed: \(isTraining ? "Training failed" : "Prediction failed"): \(exception)"
        case .asyncPredictorRaised:
            return "Prediction failed: \(isTraining ? "Async training failed" : "Async prediction failed"): \(exception)"
        case .iteratorRaised:
            return "Prediction failed: Generator iteration error: \(exception)"
        case .inputPreparation:
            return "Input validation error: \(message)"
        case .outputEncoding:
            if message.hasPrefix("Failed to ") { return "Prediction failed: \(message)" }
            return "Prediction failed: Failed to serialize output: \(exception)"
        case .workerCrashed:
            return "Worker crashed"
        case .host:
            // Not the predictor's fault, and said so: coglet has no such case.
            return "Prediction failed: cog-host internal error: \(message)"
        }
    }
}
