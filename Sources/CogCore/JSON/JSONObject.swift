// A JSON object: members in the order they were given, looked up by key.

/// The members of a JSON object. Order is kept as given (a request's body, a Python dict, an
/// OpenAPI document built field by field) and is what a printer writes unless its style sorts
/// keys. Equality ignores order: two objects are equal when they hold the same keys with equal
/// values, as JSON defines it. A key appears once; storing an existing key replaces its value in
/// place (Python's dict and Cog's insertion-ordered map behave so).
public struct JSONObject: Sendable, Equatable, RandomAccessCollection, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    public typealias Element = (key: String, value: JSONValue)

    private var members: [Element] = []
    /// Key → position, kept only for objects past `indexThreshold` members: small objects (nearly
    /// all of them) are searched directly, which is faster than hashing.
    private var positions: [String: Int]?
    private static let indexThreshold = 16

    public init() {}

    /// Members in the given order; a repeated key keeps its first position and its last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        for (key, value) in members { self[key] = value }
    }

    /// Members whose keys are known to be unique (taken from another object): no lookups.
    private init(uniqueMembers: [Element]) {
        members = uniqueMembers
        if members.count > Self.indexThreshold { reindex() }
    }

    /// A dictionary's members, sorted by the bytes of their keys (Go's and serde's map order), so
    /// the order is the same on every run.
    public init(_ dictionary: [String: JSONValue]) {
        self.init(dictionary.sorted { JSONObject.keyPrecedes($0.key, $1.key) }.map { ($0.key, $0.value) })
    }

    /// A dictionary literal's members keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    public init(arrayLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    public var keys: [String] { members.map(\.key) }
    public var values: [JSONValue] { members.map(\.value) }

    /// The members as a dictionary (order dropped).
    public var dictionary: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }

    public func makeIterator() -> IndexingIterator<[Element]> { members.makeIterator() }
    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }
    /// The member at a position (in order).
    public subscript(position: Int) -> Element { members[position] }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return members.firstIndex { $0.key == key }
    }

    /// The value stored under `key`; assigning nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let newValue {
                if let existing = position(of: key) {
                    members[existing].value = newValue
                } else {
                    members.append((key, newValue))
                    if positions != nil {
                        positions?[key] = members.count - 1
                    } else if members.count > Self.indexThreshold {
                        reindex()
                    }
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let found = position(of: key) else { return nil }
        let removed = members.remove(at: found).value
        if positions != nil {
            // The members after it moved up by one.
            positions?[key] = nil
            for index in found..<members.count { positions?[members[index].key] = index }
        }
        return removed
    }

    /// The members for which `isIncluded` is true, in order (one pass, however many are dropped).
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        JSONObject(uniqueMembers: try members.filter(isIncluded))
    }

    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var mapped = self
        for index in mapped.members.indices { mapped.members[index].value = try transform(mapped.members[index].value) }
        return mapped
    }

    /// The members in order (no copy), for the printer.
    var elements: [Element] { members }

    /// The members sorted by the bytes of their keys, as an array (for the printer: no index).
    func elementsSortedByKey() -> [Element] {
        members.sorted { Self.keyPrecedes($0.key, $1.key) }
    }

    /// The members sorted by the bytes of their keys (this level only).
    public func sortedByKey() -> JSONObject {
        var sorted = self
        sorted.members = elementsSortedByKey()
        if sorted.positions != nil { sorted.reindex() }
        return sorted
    }

    /// Builds the key index from the members' positions.
    private mutating func reindex() {
        positions = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($0.element.key, $0.offset) })
    }

    /// Whether both hold the same members in the same order (`==` ignores order).
    public func isIdentical(to other: JSONObject) -> Bool {
        members.count == other.members.count && zip(members, other.members).allSatisfy { $0.key == $1.key && $0.value.isIdentical(to: $1.value) }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }

    /// Go's (and serde's BTreeMap's) key order: byte-wise comparison of the UTF-8 encodings.
    public static func keyPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
