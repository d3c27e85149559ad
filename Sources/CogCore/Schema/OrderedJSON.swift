// A JSON value whose object keys keep the order they were given in (OpenAPI documents).

/// A JSON value for documents whose key order matters. Unlike `JSONValue`, an object is an
/// ordered list of members; printing keeps that order exactly (see `OrderedJSON+Text.swift`).
public enum OrderedJSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// An object with its keys sorted the way Go's `encoding/json` sorts a map's keys (by bytes).
    public static func sortedObject(_ members: [String: OrderedJSON]) -> OrderedJSON {
        .object(members.sorted { goKeyPrecedes($0.key, $1.key) })
    }

    /// Converts an unordered `JSONValue`; its objects get Go's sorted key order.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(OrderedJSON.init))
        case .object(let members): self = .sortedObject(members.mapValues(OrderedJSON.init))
        }
    }

    /// The member named `key` of an object (the first, if repeated); nil otherwise.
    public subscript(key: String) -> OrderedJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The keys of an object in order; empty for anything else.
    public var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.0)
    }

    /// The same value with every object's keys sorted, recursively: what a document looks like
    /// after a round trip through Go's `map[string]any` (or any sorted-keys serializer).
    public func sortingAllKeys() -> OrderedJSON {
        switch self {
        case .array(let items): return .array(items.map { $0.sortingAllKeys() })
        case .object(let members):
            return .object(members.map { ($0.0, $0.1.sortingAllKeys()) }.sorted { Self.goKeyPrecedes($0.0, $1.0) })
        default: return self
        }
    }

    /// The value with `value` stored under `key`: replaced in place if present, else appended
    /// (the semantics of Cog's insertion-ordered map). Non-objects are returned unchanged.
    public func setting(_ key: String, to value: OrderedJSON) -> OrderedJSON {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    /// This object with its top-level keys sorted (Go map order); non-objects unchanged.
    func sortedMembers() -> OrderedJSON {
        guard case .object(let members) = self else { return self }
        return .object(members.sorted { Self.goKeyPrecedes($0.0, $1.0) })
    }

    /// Go's map key order: byte-wise comparison of the UTF-8 encodings.
    static func goKeyPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

extension JSONValue {
    /// The unordered value of an ordered one.
    init(_ value: OrderedJSON) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members): self = .object(Dictionary(members.map { ($0.0, JSONValue($0.1)) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
