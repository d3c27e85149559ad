// Why a set of inputs was rejected, worded like Cog's CLI pre-flight validation.

/// One problem with one input. `description` is the exact text `cog run` prints.
public enum InputProblem: Equatable, Sendable, CustomStringConvertible {
    case unknown(names: [String], validNames: [String])
    case missing(name: String)
    case null(name: String)
    case wrongType(name: String, expected: [JSONType], got: String)
    case notAChoice(name: String, choices: [JSONValue])
    case belowMinimum(name: String, minimum: Double)
    case aboveMaximum(name: String, maximum: Double)
    case tooShort(name: String, minLength: Int)
    case tooLong(name: String, maxLength: Int)
    case patternMismatch(name: String, pattern: String)
    case noUnionMemberMatches(name: String)
    case invalidJSON(name: String, reason: String)
    case unreadableFile(name: String, path: String, reason: String)
    case malformedFlag(String)

    public var description: String {
        switch self {
        case .unknown(let names, let valid):
            let quoted = names.map { "\"\($0)\"" }.joined(separator: ", ")
            let subject = names.count == 1 ? "unknown input \(quoted)" : "unknown inputs \(quoted)"
            return valid.isEmpty
                ? "\(subject); model does not accept inputs"
                : "\(subject); valid inputs are: \(valid.sorted().joined(separator: ", "))"
        case .missing(let name):
            return "missing required input \"\(name)\""
        case .null(let name):
            return "invalid input \"\(name)\": must not be null (omit the input to use its default)"
        case .wrongType(let name, let expected, let got):
            return "invalid input \"\(name)\": expected \(Self.list(expected.sorted().map(\.rawValue))), got \(got)"
        case .notAChoice(let name, let choices):
            return "invalid input \"\(name)\": must be one of: \(choices.map(Self.plain).joined(separator: ", "))"
        case .belowMinimum(let name, let minimum):
            return "invalid input \"\(name)\": number must be at least \(Self.number(minimum))"
        case .aboveMaximum(let name, let maximum):
            return "invalid input \"\(name)\": number must be at most \(Self.number(maximum))"
        case .tooShort(let name, let minLength):
            return "invalid input \"\(name)\": minimum string length is \(minLength)"
        case .tooLong(let name, let maxLength):
            return "invalid input \"\(name)\": maximum string length is \(maxLength)"
        case .patternMismatch(let name, let pattern):
            return "invalid input \"\(name)\": string doesn't match the regular expression \"\(pattern)\""
        case .noUnionMemberMatches(let name):
            return "invalid input \"\(name)\": doesn't match any schema from \"anyOf\""
        case .invalidJSON(let name, let reason):
            return "invalid input \"\(name)\": \(reason)"
        case .unreadableFile(let name, let path, let reason):
            return "input \"\(name)\": failed to read file \"\(path)\": \(reason)"
        case .malformedFlag(let flag):
            return "Failed to parse input '\(flag)', expected format is 'name=value'"
        }
    }

    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }

    static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A choice as Go's `%v` prints it: strings bare, numbers plain.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return number.rounded() == number ? String(Int(number)) : "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "<nil>"
        default: return value.text(.goIndentedSorted)
        }
    }
}

/// One or more input problems; thrown before setup runs.
public struct InputValidationError: Error, Equatable, CustomStringConvertible {
    public let problems: [InputProblem]

    public init(_ problems: [InputProblem]) { self.problems = problems }

    public var description: String {
        guard problems.count > 1 else { return problems.first?.description ?? "invalid input" }
        return "input validation failed:\n" + problems.map { "- \($0)" }.joined(separator: "\n")
    }
}
