// The types a predictor's inputs and outputs can have, as Cog understands annotations.

/// A predictor input or output type, independent of Python.
public indirect enum ValueType: Equatable, Sendable, Codable {
    case string
    case integer
    case number
    case boolean
    case secret
    case path
    case file
    /// `Any`: any JSON object (Cog accepts objects only for `Any` inputs).
    case any
    /// `dict`, `Dict[K, V]`.
    case dictionary
    /// `None` as an output annotation.
    case none
    case list(ValueType)
    case optional(ValueType)
    case union([ValueType])
    case iterator(ValueType, concatenate: Bool, isAsync: Bool)
    case model(name: String, fields: [ModelField])
    case typedDictionary(name: String, fields: [ModelField])
    case literal([JSONValue])

    /// The type without an `Optional` wrapper.
    public var unwrapped: ValueType {
        if case .optional(let inner) = self { return inner.unwrapped }
        return self
    }

    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    /// The JSON types a value of this type may have on the wire.
    public var acceptedJSONTypes: Set<JSONType> {
        switch self {
        case .string, .secret, .path, .file: return [.string]
        case .integer: return [.integer]
        case .number: return [.number, .integer]
        case .boolean: return [.boolean]
        case .any, .dictionary, .model, .typedDictionary: return [.object]
        case .none: return [.null]
        case .list, .iterator: return [.array]
        case .optional(let inner): return inner.acceptedJSONTypes
        case .union(let members): return members.reduce(into: []) { $0.formUnion($1.acceptedJSONTypes) }
        case .literal(let values):
            return Set(values.map { value in
                if case .int = value { return .integer }
                return JSONType(rawValue: value.typeName) ?? .string
            })
        }
    }
}

/// JSON Schema's primitive type names.
public enum JSONType: String, Sendable, Comparable {
    case string, number, integer, boolean, array, object, null

    public static func < (lhs: JSONType, rhs: JSONType) -> Bool {
        let order: [JSONType] = [.string, .number, .integer, .boolean, .array, .object, .null]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// A field of a `BaseModel` or `TypedDict`.
public struct ModelField: Equatable, Sendable, Codable {
    public let name: String
    public let type: ValueType
    public let defaultValue: JSONValue?

    public init(name: String, type: ValueType, defaultValue: JSONValue?) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}
