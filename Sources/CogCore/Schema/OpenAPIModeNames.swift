// The names that differ between Cog's predict and train OpenAPI documents.

/// The names that differ between Cog's predict and train documents.
struct OpenAPIModeNames {
    let endpoint, cancelEndpoint, request, response, input, output: String
    let summary, description, operationId, cancelOperationId, cancelParameter: String

    init(_ mode: OpenAPISchemaGenerator.Mode) {
        switch mode {
        case .predict:
            endpoint = "/predictions"
            cancelEndpoint = "/predictions/{prediction_id}/cancel"
            request = "PredictionRequest"
            response = "PredictionResponse"
            input = "Input"
            output = "Output"
            summary = "Predict"
            description = "Run a single prediction on the model"
            operationId = "predict_predictions_post"
            cancelOperationId = "cancel_predictions__prediction_id__cancel_post"
            cancelParameter = "prediction_id"
        case .train:
            endpoint = "/trainings"
            cancelEndpoint = "/trainings/{training_id}/cancel"
            request = "TrainingRequest"
            response = "TrainingResponse"
            input = "TrainingInput"
            output = "TrainingOutput"
            summary = "Train"
            description = "Run a single training on the model"
            operationId = "train_trainings_post"
            cancelOperationId = "cancel_trainings__training_id__cancel_post"
            cancelParameter = "training_id"
        }
    }
}
