// Checks inputs against a predictor's interface before anything runs.
import Foundation

/// Validates a JSON input object against the interface model, with Cog's rules: unknown names
/// are rejected, explicit nulls are rejected, then every type and constraint problem is reported.
public struct InputValidator: Sendable {
    public let inputs: [InputParameter]

    public init(inputs: [InputParameter]) { self.inputs = inputs }

    /// Returns the inputs unchanged when valid; throws every problem found otherwise.
    @discardableResult
    public func validate(_ values: [String: JSONValue]) throws(InputValidationError) -> [String: JSONValue] {
        let known = Set(inputs.map(\.name))
        let unknown = values.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw InputValidationError([.unknown(names: unknown, validNames: inputs.map(\.name))])
        }
        let nulls = inputs.filter { values[$0.name] == .null }.map { InputProblem.null(name: $0.name) }
        if !nulls.isEmpty { throw InputValidationError(nulls) }

        var problems: [InputProblem] = []
        for parameter in inputs {
            guard let value = values[parameter.name] else {
                if parameter.isRequired { problems.append(.missing(name: parameter.name)) }
                continue
            }
            problems += Self.check(value, as: parameter.type, path: parameter.name)
            if problems.isEmpty || !problems.contains(where: { $0.isTypeProblem(for: parameter.name) }) {
                problems += Self.check(value, against: parameter.constraints, path: parameter.name)
            }
        }
        if !problems.isEmpty { throw InputValidationError(problems) }
        return values
    }

    /// Defaults that their own type or constraints reject (`Input(default=1, ge=2)`), which Cog
    /// refuses when it loads the schema. One message per input, naming the input.
    public func invalidDefaults() -> [String] {
        inputs.compactMap { parameter in
            guard let value = parameter.effectiveDefault, value != .null else { return nil }
            let constraints = parameter.constraints
            if let number = value.numericValue {
                if let minimum = constraints.minimum, number < minimum {
                    return "invalid default for input \"\(parameter.name)\": \(InputProblem.plain(value)) is less than the minimum of \(InputProblem.number(minimum))"
                }
                if let maximum = constraints.maximum, number > maximum {
                    return "invalid default for input \"\(parameter.name)\": \(InputProblem.plain(value)) is greater than the maximum of \(InputProblem.number(maximum))"
                }
            }
            let problems = Self.check(value, as: parameter.type, path: parameter.name) + Self.check(value, against: constraints, path: parameter.name)
            return problems.first.map { "invalid default for input \"\(parameter.name)\": \($0.description.replacingOccurrences(of: "invalid input \"\(parameter.name)\": ", with: ""))" }
        }
    }

    static func check(_ value: JSONValue, as type: ValueType, path: String) -> [InputProblem] {
        switch type {
        case .optional(let inner):
            return value == .null ? [] : check(value, as: inner, path: path)
        case .list(let item):
            guard case .array(let items) = value else { return [wrongType(path, type, value)] }
            return items.enumerated().flatMap { check($1, as: item, path: "\(path).\($0)") }
        case .union(let members):
            return members.contains { check(value, as: $0, path: path).isEmpty } ? [] : [.noUnionMemberMatches(name: path)]
        case .literal(let values):
            return values.contains(value) ? [] : [.notAChoice(name: path, choices: values)]
        case .integer:
            return value.isIntegral ? [] : [wrongType(path, type, value)]
        default:
            let accepted = type.acceptedJSONTypes
            let actual = JSONType(rawValue: value.typeName) ?? .null
            return accepted.contains(actual) ? [] : [wrongType(path, type, value)]
        }
    }

    private static func wrongType(_ path: String, _ type: ValueType, _ value: JSONValue) -> InputProblem {
        .wrongType(name: path, expected: Array(type.acceptedJSONTypes), got: value.typeName)
    }

    static func check(_ value: JSONValue, against constraints: InputConstraints, path: String) -> [InputProblem] {
        var problems: [InputProblem] = []
        if let choices = constraints.choices, !choices.contains(where: { $0 == value || ($0.numericValue != nil && $0.numericValue == value.numericValue) }) {
            problems.append(.notAChoice(name: path, choices: choices))
        }
        if let number = value.numericValue {
            if let minimum = constraints.minimum, number < minimum { problems.append(.belowMinimum(name: path, minimum: minimum)) }
            if let maximum = constraints.maximum, number > maximum { problems.append(.aboveMaximum(name: path, maximum: maximum)) }
        }
        if case .string(let text) = value {
            let length = text.unicodeScalars.count
            if let minLength = constraints.minLength, length < minLength { problems.append(.tooShort(name: path, minLength: minLength)) }
            if let maxLength = constraints.maxLength, length > maxLength { problems.append(.tooLong(name: path, maxLength: maxLength)) }
            // A pattern ICU cannot compile (Python did, at load) is not checked: the predictor's
            // warnings said so at setup (`PredictorInterface.uncheckablePatternWarnings`).
            if let pattern = constraints.pattern, case .success(false) = matches(text, pattern: pattern) {
                problems.append(.patternMismatch(name: path, pattern: pattern))
            }
        }
        return problems
    }

    /// A `regex=` that Python compiled (introspection refuses one it does not) but ICU, which
    /// cog-host checks values with, does not.
    public struct UncheckablePattern: Error, Equatable {
        public let reason: String
    }

    /// JSON Schema `pattern`: an unanchored search. Python's spellings ICU lacks are rewritten
    /// first: named groups `(?P<name>…)` and back references `(?P=name)`, and `{,n}` (`{0,n}`).
    public static func matches(_ text: String, pattern: String) -> Result<Bool, UncheckablePattern> {
        let icuPattern = !pattern.contains("(?P") && !pattern.contains("{,") ? pattern : pattern
            .replacingOccurrences(of: #"(?<!\\)\(\?P<"#, with: "(?<", options: .regularExpression)
            .replacingOccurrences(of: #"(?<!\\)\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)"#, with: #"\\k<$1>"#, options: .regularExpression)
            .replacingOccurrences(of: #"(?<!\\)\{,([0-9]+)\}"#, with: "{0,$1}", options: .regularExpression)
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: icuPattern)
        } catch {
            return .failure(UncheckablePattern(reason: (error as NSError).localizedDescription))
        }
        let range = NSRange(text.startIndex..., in: text)
        return .success(expression.firstMatch(in: text, range: range) != nil)
    }
}

extension InputProblem {
    func isTypeProblem(for name: String) -> Bool {
        switch self {
        case .wrongType(let path, _, _), .noUnionMemberMatches(let path):
            return path == name || path.hasPrefix(name + ".")
        default:
            return false
        }
    }
}

extension PredictorInterface {
    /// One warning per input whose `regex=` cog-host cannot check (Python compiled it, ICU does
    /// not): shown at setup, since such values are accepted unchecked.
    public var uncheckablePatternWarnings: [String] {
        inputs.compactMap { input in
            guard let pattern = input.constraints.pattern, case .failure(let uncheckable) = InputValidator.matches("", pattern: pattern) else { return nil }
            return "input \"\(input.name)\": its regex \"\(pattern)\" uses syntax cog-host cannot check (\(uncheckable.reason)); values are accepted without that check"
        }
    }
}
