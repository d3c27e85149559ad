// The one model of a predictor's interface that validation, coercion and schemas derive from.

/// Everything the host knows about a predictor after introspecting it once.
public struct PredictorInterface: Equatable, Sendable, Codable {
    public enum Method: String, Sendable, Codable { case run, predict, train }
    public enum Kind: String, Sendable, Codable { case `class`, function }

    public let method: Method
    public let kind: Kind
    public let isAsync: Bool
    public let isGenerator: Bool
    public let hasSetup: Bool
    public let setupTakesWeights: Bool
    public let hasHealthcheck: Bool
    public let isStreaming: Bool
    public let concurrencyMax: Int?
    public let inputs: [InputParameter]
    public let output: ValueType

    public init(
        method: Method, kind: Kind, isAsync: Bool = false, isGenerator: Bool = false, hasSetup: Bool = false,
        setupTakesWeights: Bool = false, hasHealthcheck: Bool = false, isStreaming: Bool = false,
        concurrencyMax: Int? = nil, inputs: [InputParameter], output: ValueType
    ) {
        self.method = method
        self.kind = kind
        self.isAsync = isAsync
        self.isGenerator = isGenerator
        self.hasSetup = hasSetup
        self.setupTakesWeights = setupTakesWeights
        self.hasHealthcheck = hasHealthcheck
        self.isStreaming = isStreaming
        self.concurrencyMax = concurrencyMax
        self.inputs = inputs
        self.output = output
    }

    public func input(named name: String) -> InputParameter? {
        inputs.first { $0.name == name }
    }
}
