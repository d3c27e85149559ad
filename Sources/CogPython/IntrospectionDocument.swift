// Decodes what cog_host.introspect reports about a predictor into CogCore's interface model.
import CogCore
import Foundation

/// The JSON document `cog_host.introspect.describe()` returns.
struct IntrospectionDocument: Decodable {
    struct Setup: Decodable {
        let present: Bool
        let takes_weights: Bool
        let is_async: Bool
    }

    struct TypeReference: Decodable {
        let kind: String
        let item: Box<TypeReference>?
        let members: [TypeReference]?
        let name: String?
        let fields: [Field]?
        let values: [JSONValue]?
    }

    struct Field: Decodable {
        let name: String
        let type: TypeReference
        let has_default: Bool
        let `default`: JSONValue?
    }

    struct Input: Decodable {
        let name: String
        let type: TypeReference
        let has_default: Bool
        let `default`: JSONValue?
        let description: String?
        let constraints: InputConstraints
        let deprecated: Bool?
        let accept: String?
    }

    let method: String
    let kind: String
    let is_async: Bool
    let is_generator: Bool
    let is_async_generator: Bool
    let setup: Setup
    let has_healthcheck: Bool
    let streaming: Bool
    let concurrency_max: Int?
    let inputs: [Input]
    let output: TypeReference

    func interface() throws -> PredictorInterface {
        PredictorInterface(
            method: PredictorInterface.Method(rawValue: method) ?? .run,
            kind: PredictorInterface.Kind(rawValue: kind) ?? .class,
            isAsync: is_async || is_async_generator,
            isGenerator: is_generator || is_async_generator,
            hasSetup: setup.present,
            setupTakesWeights: setup.takes_weights,
            hasHealthcheck: has_healthcheck,
            isStreaming: streaming,
            concurrencyMax: concurrency_max,
            inputs: try inputs.enumerated().map { order, input in
                InputParameter(
                    name: input.name, order: order, type: try Self.valueType(input.type),
                    declaredDefault: input.has_default ? (input.default ?? .null) : nil,
                    description: input.description,
                    constraints: input.constraints,
                    isDeprecated: input.deprecated ?? false, accept: input.accept)
            },
            output: try Self.valueType(output))
    }

    static func valueType(_ reference: TypeReference) throws -> ValueType {
        func item() throws -> ValueType {
            guard let item = reference.item?.value else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(reference.kind) without item")) }
            return try valueType(item)
        }
        func fields() throws -> [ModelField] {
            try (reference.fields ?? []).map { ModelField(name: $0.name, type: try valueType($0.type), defaultValue: $0.has_default ? ($0.default ?? .null) : nil) }
        }
        switch reference.kind {
        case "str": return .string
        case "int": return .integer
        case "float": return .number
        case "bool": return .boolean
        case "secret": return .secret
        case "path": return .path
        case "file": return .file
        case "any": return .any
        case "dict": return .dictionary
        case "none": return .none
        case "list": return .list(try item())
        case "optional": return .optional(try item())
        case "union": return .union(try (reference.members ?? []).map(valueType))
        case "iterator": return .iterator(try item(), concatenate: false, isAsync: false)
        case "async_iterator": return .iterator(try item(), concatenate: false, isAsync: true)
        case "concatenate_iterator": return .iterator(try item(), concatenate: true, isAsync: false)
        case "async_concatenate_iterator": return .iterator(try item(), concatenate: true, isAsync: true)
        case "model": return .model(name: reference.name ?? "Output", fields: try fields())
        case "typeddict": return .typedDictionary(name: reference.name ?? "Output", fields: try fields())
        case "literal": return .literal(reference.values ?? [])
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown type kind \(reference.kind)"))
        }
    }
}

/// Lets a recursive Decodable struct hold itself.
final class Box<Value: Decodable>: Decodable {
    let value: Value
    required init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
}
