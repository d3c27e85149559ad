// One input validator per interface and mode, built when first needed rather than per request.
import CogCore
import Synchronization

/// Building an `HTTPInputValidator` generates the input schema; the interface only changes when
/// a new worker loads the predictor, so the validator is kept until the interface differs.
final class ValidatorCache: Sendable {
    private struct Entry {
        let interface: PredictorInterface
        let validator: HTTPInputValidator
    }

    private let entries = Mutex<[OpenAPISchemaGenerator.Mode: Entry]>([:])

    func validator(for interface: PredictorInterface, mode: OpenAPISchemaGenerator.Mode) -> HTTPInputValidator {
        if let cached = entries.withLock({ $0[mode] }), cached.interface == interface { return cached.validator }
        let validator = HTTPInputValidator(interface: interface, mode: mode)
        entries.withLock { $0[mode] = Entry(interface: interface, validator: validator) }
        return validator
    }
}
