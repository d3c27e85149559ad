// How Cog's runtime words a failed prediction's `error`, from where the failure happened: the
// text of its HTTP API's `error` field, which `cog predict` also prints after
// `Prediction failed with status "failed": `.

extension UserCodeError {
    /// The `error` text coglet 0.23.1 reports for this failure (HTTP and CLI), e.g.
    /// `Prediction failed: Prediction failed: ValueError: boom` or, for `/trainings`,
    /// `Prediction failed: Training failed: ValueError: boom`.
    public func cogErrorText(isTraining: Bool) -> String {
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
        }
    }
}
