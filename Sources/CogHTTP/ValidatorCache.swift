// One input validator per interface and mode, built when first needed rather than per request.
import CogCore
import Foundation

/// Building an `HTTPInputValidator` generates the input schema; the interface only changes when
/// a new worker loads the predictor, so the validator is kept until the interface differs.
final class ValidatorCache: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `entries` is guarded by `lock`.
    private let lock = NSLock()
    private var entries: [OpenAPISchemaGenerator.Mode: (interface: PredictorInterface, validator: HTTPInputValidator)] = [:]

    func validator(for interface: PredictorInterface, mode: OpenAPISchemaGenerator.Mode) -> HTTPInputValidator {
        if let cached = lock.withLock({ entries[mode] }), cached.interface == interface { return cached.validator }
        let validator = HTTPInputValidator(interface: interface, mode: mode)
        lock.withLock { entries[mode] = (interface, validator) }
        return validator
    }
}
