// Coding for InputParameter and ModelField that keeps a `None` default apart from no default.

// A synthesized Codable would decode `"declaredDefault": null` as "no default", turning
// `x: Optional[str] = None` into a required input on the far side of the worker protocol.
// These encode the default as a one-element array (`[null]`), or leave it out.

extension InputParameter {
    enum CodingKeys: String, CodingKey {
        case name, order, type, declaredDefault, description, constraints, isDeprecated, accept
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            order: try container.decode(Int.self, forKey: .order),
            type: try container.decode(ValueType.self, forKey: .type),
            declaredDefault: try container.decodeIfPresent([JSONValue].self, forKey: .declaredDefault)?.first,
            description: try container.decodeIfPresent(String.self, forKey: .description),
            constraints: try container.decode(InputConstraints.self, forKey: .constraints),
            isDeprecated: try container.decode(Bool.self, forKey: .isDeprecated),
            accept: try container.decodeIfPresent(String.self, forKey: .accept))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(order, forKey: .order)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(declaredDefault.map { [$0] }, forKey: .declaredDefault)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(constraints, forKey: .constraints)
        try container.encode(isDeprecated, forKey: .isDeprecated)
        try container.encodeIfPresent(accept, forKey: .accept)
    }
}

extension ModelField {
    enum CodingKeys: String, CodingKey {
        case name, type, defaultValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            type: try container.decode(ValueType.self, forKey: .type),
            defaultValue: try container.decodeIfPresent([JSONValue].self, forKey: .defaultValue)?.first)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(defaultValue.map { [$0] }, forKey: .defaultValue)
    }
}
