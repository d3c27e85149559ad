// One prediction (or training) as the server hands it to whatever runs predictors.

/// A validated request to run: the id, the inputs, the request's `context`.
public struct PredictionJob: Equatable, Sendable, Codable {
    public let id: String
    public let input: [String: JSONValue]
    public let context: [String: String]
    /// `/trainings` (runs `train:`) rather than `/predictions`.
    public let isTraining: Bool

    public init(id: String, input: [String: JSONValue], context: [String: String] = [:], isTraining: Bool = false) {
        self.id = id
        self.input = input
        self.context = context
        self.isTraining = isTraining
    }
}

/// Something a running prediction produced before it finished.
public enum PredictionProgress: Equatable, Sendable, Codable {
    /// Text the predictor printed (`source` is "stdout" or "stderr").
    case log(text: String, source: String)
    /// One item of an iterator output, or the single value of a plain output.
    case output(OutputValue)
    /// A metric the predictor recorded (`mode`: replace, increment, append).
    case metric(name: String, value: JSONValue, mode: String)
}
