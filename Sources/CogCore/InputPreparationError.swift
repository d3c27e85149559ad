// An input that passed validation but could not be turned into what the predictor receives.

/// E.g. a URL input that could not be downloaded. The message names the input and the URL,
/// with credentials masked.
public struct InputPreparationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let inputName: String?
    public let message: String

    public init(inputName: String?, message: String) {
        self.inputName = inputName
        self.message = message
    }

    public var description: String { message }
}
