// Validates HTTP request inputs as coglet does: strip unknown keys, JSON Schema, inject nulls.
public import CogCore
import Foundation

/// One entry of coglet's 422 `detail` list: the field (`loc[2]`), the jsonschema-crate message
/// and `value_error` or `value_error.missing`.
public struct HTTPValidationProblem: Equatable, Sendable, Codable {
    public let field: String
    public let message: String
    public let type: String

    public init(field: String, message: String, type: String) {
        self.field = field
        self.message = message
        self.type = type
    }
}

/// coglet's edge validation of `input`, derived from the interface model through the `Input`
/// (or `TrainingInput`) component the schema generator publishes: unknown keys are dropped,
/// the rest is checked with JSON Schema semantics (`nullable`, `format`, `writeOnly` ignored,
/// so an explicit `null` is rejected) and worded like Rust's `jsonschema` crate; then `null` is
/// added for each optional input that has no default.
public struct HTTPInputValidator: Sendable {
    /// The input component with every `$ref` inlined and every object's keys sorted once here:
    /// the jsonschema crate checks keywords, and properties, in that order.
    let schema: JSONValue
    let propertyNames: Set<String>
    let required: [String]
    let injectedNulls: [String]

    public init(interface: PredictorInterface, mode: OpenAPISchemaGenerator.Mode = .predict) {
        let generator = OpenAPISchemaGenerator()
        let title = mode == .predict ? "Input" : "TrainingInput"
        let (component, enums) = generator.inputComponent(for: interface, title: title)
        let references = Dictionary(enums, uniquingKeysWith: { first, _ in first })
        schema = Self.inlined(component, references: references).sortingAllKeys()
        propertyNames = Set(interface.inputs.map(\.name))
        required = interface.inputs.filter(\.isRequired).map(\.name)
        // From the model rather than the published schema: a Secret default is not published
        // but is still a default.
        injectedNulls = interface.inputs.filter { $0.isNullable && $0.effectiveDefault == nil && !$0.isRequired }.map(\.name)
    }

    /// The input as the backend should get it, or every problem found. `input` is the request's
    /// `input` value (`null` already turned into `{}`).
    public func validate(_ input: JSONValue) -> Result<[String: JSONValue], HTTPValidationFailure> {
        var value = input
        var stripped: [String] = []
        if case .object(let members) = value {
            stripped = members.keys.filter { !propertyNames.contains($0) }.sorted()
            if !stripped.isEmpty { value = .object(members.filter { propertyNames.contains($0.key) }) }
        }
        let problems = coglet(problems: Self.errors(value, schema: schema, path: []), input: value)
        if !problems.isEmpty { return .failure(HTTPValidationFailure(problems: problems, strippedKeys: stripped)) }
        guard case .object(var members) = value else {
            return .failure(HTTPValidationFailure(problems: [HTTPValidationProblem(field: "__root__", message: "\(value.text(.serde)) is not of type \"object\"", type: "value_error")], strippedKeys: stripped))
        }
        for name in injectedNulls where members[name] == nil { members[name] = .null }
        return .success(members.dictionary)
    }

    /// coglet's reshaping: the first "required" error becomes one `Field required` entry per
    /// missing required input; later ones are dropped.
    private func coglet(problems: [(path: [String], message: String, isRequired: Bool)], input: JSONValue) -> [HTTPValidationProblem] {
        var result: [HTTPValidationProblem] = []
        var seenRequired = false
        for problem in problems {
            if problem.isRequired {
                if seenRequired { continue }
                seenRequired = true
                let present: Set<String>
                if case .object(let members) = input { present = Set(members.keys) } else { present = [] }
                for name in required where !present.contains(name) {
                    result.append(HTTPValidationProblem(field: name, message: "Field required", type: "value_error.missing"))
                }
                continue
            }
            let field = problem.path.isEmpty ? "__root__" : problem.path.joined(separator: "/")
            result.append(HTTPValidationProblem(field: field, message: problem.message, type: "value_error"))
        }
        return result
    }

    // MARK: - JSON Schema evaluation

    typealias SchemaError = (path: [String], message: String, isRequired: Bool)

    /// Every error of `instance` against `schema` (keys sorted: see `schema`), keywords in sorted
    /// order (as the jsonschema crate compiles a serde map), properties in name order.
    static func errors(_ instance: JSONValue, schema: JSONValue, path: [String]) -> [SchemaError] {
        guard case .object(let members) = schema else { return [] }
        let rendered = { instance.text(.serde) }
        var found: [SchemaError] = []
        for (keyword, argument) in members {
            switch keyword {
            case "type":
                if case .string(let name) = argument, !matchesType(instance, name) {
                    found.append((path, "\(rendered()) is not of type \"\(name)\"", false))
                }
            case "enum":
                if case .array(let options) = argument, !options.contains(where: { equal($0, instance) }) {
                    found.append((path, "\(rendered()) is not one of \(argument.text(.serdeAsGiven))", false))
                }
            case "minimum":
                if let limit = number(argument), let value = instance.numericValue, value < limit {
                    found.append((path, "\(rendered()) is less than the minimum of \(limitText(argument))", false))
                }
            case "maximum":
                if let limit = number(argument), let value = instance.numericValue, value > limit {
                    found.append((path, "\(rendered()) is greater than the maximum of \(limitText(argument))", false))
                }
            case "minLength":
                if case .int(let limit) = argument, case .string(let text) = instance, text.unicodeScalars.count < limit {
                    found.append((path, "\(rendered()) is shorter than \(limit) character\(limit == 1 ? "" : "s")", false))
                }
            case "maxLength":
                if case .int(let limit) = argument, case .string(let text) = instance, text.unicodeScalars.count > limit {
                    found.append((path, "\(rendered()) is longer than \(limit) character\(limit == 1 ? "" : "s")", false))
                }
            case "pattern":
                // Unchecked when ICU cannot compile it: the setup warnings said so.
                if case .string(let pattern) = argument, case .string(let text) = instance,
                   case .success(false) = InputValidator.matches(text, pattern: pattern) {
                    found.append((path, "\(rendered()) does not match \(JSONStringLiteral.quote(pattern, escapesHTML: false))", false))
                }
            case "items":
                if case .array(let items) = instance {
                    for (index, item) in items.enumerated() {
                        found += errors(item, schema: argument, path: path + [String(index)])
                    }
                }
            case "anyOf":
                if case .array(let variants) = argument, !variants.contains(where: { errors(instance, schema: $0, path: path).isEmpty }) {
                    found.append((path, "\(rendered()) is not valid under any of the schemas listed in the 'anyOf' keyword", false))
                }
            case "allOf":
                if case .array(let parts) = argument {
                    for part in parts { found += errors(instance, schema: part, path: path) }
                }
            case "properties":
                if case .object(let values) = instance, case .object(let properties) = argument {
                    for (name, property) in properties {
                        if let value = values[name] { found += errors(value, schema: property, path: path + [name]) }
                    }
                }
            case "required":
                if case .object(let values) = instance, case .array(let names) = argument {
                    for case .string(let name) in names where values[name] == nil {
                        found.append((path, "\(JSONStringLiteral.quote(name, escapesHTML: false)) is a required property", true))
                    }
                }
            default:
                break
            }
        }
        return found
    }

    static func matchesType(_ instance: JSONValue, _ name: String) -> Bool {
        switch name {
        case "integer": return instance.isIntegral
        case "number": return instance.numericValue != nil
        case "string": if case .string = instance { return true } else { return false }
        case "boolean": if case .bool = instance { return true } else { return false }
        case "array": if case .array = instance { return true } else { return false }
        case "object": if case .object = instance { return true } else { return false }
        case "null": return instance == .null
        default: return true
        }
    }

    /// JSON Schema equality: numbers compare by value (`1` equals `1.0`).
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = lhs.numericValue, let right = rhs.numericValue { return left == right }
        switch (lhs, rhs) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count && left.allSatisfy { key, value in right[key].map { equal(value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// A limit as the served schema has it after Go printed it and serde read it back: integral
    /// values as integers, others in ryu's form.
    static func limitText(_ value: JSONValue) -> String {
        switch value {
        case .int(let number): return String(number)
        case .double(let number):
            if number.rounded() == number, abs(number) < 1e18 { return String(Int(number)) }
            return JSONNumberText.text(number, form: .ryu)
        default: return value.text(.serdeAsGiven)
        }
    }

    /// `schema` with each `{"$ref": "#/components/schemas/<name>"}` replaced by that component.
    static func inlined(_ schema: JSONValue, references: [String: JSONValue]) -> JSONValue {
        switch schema {
        case .array(let items):
            return .array(items.map { inlined($0, references: references) })
        case .object(let members):
            if case .string(let reference)? = schema["$ref"], reference.hasPrefix("#/components/schemas/"),
               let target = references[String(reference.dropFirst("#/components/schemas/".count))] {
                return inlined(target, references: references)
            }
            return .object(members.mapValues { inlined($0, references: references) })
        default:
            return schema
        }
    }
}

/// Why a request's input was rejected (HTTP 422), with the keys that were stripped first.
public struct HTTPValidationFailure: Error, Equatable, Sendable {
    public let problems: [HTTPValidationProblem]
    public let strippedKeys: [String]
}
