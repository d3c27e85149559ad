// One input of a predictor: its type, default and Input(...) constraints.

/// A parameter of `run()`/`predict()`/`train()` as the host validates and documents it.
public struct InputParameter: Equatable, Sendable, Codable {
    public let name: String
    /// 0-based position among the inputs (`x-order`).
    public let order: Int
    public let type: ValueType
    /// The declared default (`Input(default=…)` or a plain default), `.null` for `None`; nil if none.
    public let declaredDefault: JSONValue?
    public let description: String?
    public let constraints: InputConstraints
    public let isDeprecated: Bool
    /// `Input(accept=…)`: MIME patterns for Path/File inputs.
    public let accept: String?

    public init(
        name: String, order: Int, type: ValueType, declaredDefault: JSONValue?, description: String? = nil,
        constraints: InputConstraints = InputConstraints(), isDeprecated: Bool = false, accept: String? = nil
    ) {
        self.name = name
        self.order = order
        self.type = type
        self.declaredDefault = declaredDefault
        self.description = description
        self.constraints = constraints
        self.isDeprecated = isDeprecated
        self.accept = accept
    }

    /// Optional/`| None`, or a bare `Secret` defaulting to `None` (Cog's special case).
    public var isNullable: Bool {
        if type.isOptional { return true }
        if case .union(let members) = type, members.contains(.none) { return true }
        return type == .secret && declaredDefault == .null
    }

    /// The default Cog uses: a `None` default on a non-nullable type is no default at all.
    public var effectiveDefault: JSONValue? {
        guard let declaredDefault else { return nil }
        if declaredDefault == .null && !isNullable { return nil }
        return declaredDefault
    }

    /// Required unless it has an effective default or is a plain `Optional[T]`; a union that
    /// includes `None` (`A | B | None`) stays required without a default, as in Cog.
    public var isRequired: Bool {
        if effectiveDefault != nil { return false }
        switch type {
        case .optional(.union): return true
        case .optional: return false
        default: return true
        }
    }
}

/// The constraints of `Input()` on a value. Coded under `Input()`'s own keyword names (the
/// table in python/cog/input.py, `CONSTRAINTS`), which is how the introspection document
/// carries them.
public struct InputConstraints: Equatable, Sendable, Codable {
    enum CodingKeys: String, CodingKey {
        case minimum = "ge"
        case maximum = "le"
        case minLength = "min_length"
        case maxLength = "max_length"
        case pattern = "regex"
        case choices
    }

    /// `ge`
    public var minimum: Double?
    /// `le`
    public var maximum: Double?
    public var minLength: Int?
    public var maxLength: Int?
    /// `regex`, applied as an unanchored search like JSON Schema's `pattern`.
    public var pattern: String?
    public var choices: [JSONValue]?

    public init(
        minimum: Double? = nil, maximum: Double? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        pattern: String? = nil, choices: [JSONValue]? = nil
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.choices = choices
    }
}
