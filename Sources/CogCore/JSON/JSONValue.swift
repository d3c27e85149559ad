// A JSON value: the one value type for inputs, outputs, metrics, schemas and response bodies.

/// A JSON value. Integers and floating-point numbers are kept apart so outputs print as Python
/// produced them (`1` and `1.0`). Objects keep their members' order (`JSONObject`); a printer
/// writes that order or sorts keys, as its `JSONStyle` says.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type name used in validation messages: string, number, integer, boolean, array, object, null.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "number"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var numericValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// Whether this number has no fractional part (JSON Schema's definition of an integer).
    public var isIntegral: Bool {
        switch self {
        case .int: return true
        case .double(let value): return value.isFinite && value.rounded() == value
        default: return false
        }
    }

    /// The member named `key` of an object; nil otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The keys of an object in order; empty for anything else.
    public var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.keys
    }

    /// An object of a dictionary's members, keys sorted by bytes (Go's map order).
    public static func sortedObject(_ members: [String: JSONValue]) -> JSONValue {
        .object(JSONObject(members))
    }

    /// The same value with every object's keys sorted, recursively: what a document looks like
    /// after a round trip through Go's `map[string]any` or serde's `BTreeMap`.
    public func sortingAllKeys() -> JSONValue {
        switch self {
        case .array(let items): return .array(items.map { $0.sortingAllKeys() })
        case .object(let members): return .object(members.mapValues { $0.sortingAllKeys() }.sortedByKey())
        default: return self
        }
    }

    /// This object with its top-level keys sorted by bytes (Go's map order); non-objects unchanged.
    public func sortingTopLevelKeys() -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members.sortedByKey())
    }

    /// The value with `value` stored under `key`: replaced in place if present, else appended
    /// (the semantics of Cog's insertion-ordered map). Non-objects are returned unchanged.
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }

    /// Equal, and every object's members in the same order (`==` ignores object order).
    public func isIdentical(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isIdentical(to: $1) }
        case (.object(let left), .object(let right)): return left.isIdentical(to: right)
        default: return self == other
        }
    }
}

extension JSONValue: Codable {
    private struct MemberKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: MemberKey.self) {
            var members = JSONObject()
            for key in container.allKeys { members[key.stringValue] = try container.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !container.isAtEnd { items.append(try container.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for (key, value) in members { try container.encode(value, forKey: MemberKey(stringValue: key)) }
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        default:
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .array, .object: break
            }
        }
    }
}
