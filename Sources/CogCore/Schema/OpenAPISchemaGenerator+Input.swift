// The `Input`/`TrainingInput` component and its enum components (choices and Literal inputs).

extension OpenAPISchemaGenerator {
    /// The input component (properties in parameter order) and the enum components its
    /// choices/`Literal` parameters refer to, in parameter order.
    public func inputComponent(for interface: PredictorInterface, title: String) -> (JSONValue, [(String, JSONValue)]) {
        var properties: [(String, JSONValue)] = []
        var enums: [(String, JSONValue)] = []
        for parameter in interface.inputs {
            let (property, enumComponent) = inputProperty(parameter)
            properties.append((parameter.name, property))
            if let enumComponent { enums.append((parameter.name, enumComponent)) }
        }
        var schema: [String: JSONValue] = [
            "title": .string(title),
            "type": .string("object"),
            "properties": .object(JSONObject(properties)),
        ]
        let required = interface.inputs.filter(\.isRequired).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return (.sortedObject(schema), enums)
    }

    /// One property of the input component, plus the enum component it refers to, if any.
    func inputProperty(_ parameter: InputParameter) -> (JSONValue, JSONValue?) {
        var property: [String: JSONValue] = ["x-order": .int(parameter.order)]
        var enumComponent: JSONValue?

        if let choices = parameter.constraints.choices, !choices.isEmpty {
            enumComponent = Self.enumComponent(
                named: parameter.name, values: choices.map { $0.sortingAllKeys() }, type: Self.choicesTypeName(parameter.type))
        } else if case .literal(let values) = parameter.type.unwrapped, !values.isEmpty {
            // Not in Cog (its generator rejects Literal): the same shape as choices.
            enumComponent = Self.enumComponent(named: parameter.name, values: values.map { $0.sortingAllKeys() }, type: Self.literalTypeName(values))
        }
        if enumComponent != nil {
            property["allOf"] = .array([Self.reference(parameter.name)])
        } else {
            property["title"] = .string(Self.titleCase(parameter.name))
            property.merge(Self.inputFragment(parameter.type)) { $1 }
        }

        if let value = Self.publishedDefault(of: parameter) { property["default"] = value.sortingAllKeys() }
        if parameter.isNullable { property["nullable"] = .bool(true) }
        if let description = parameter.description { property["description"] = .string(description) }
        let constraints = parameter.constraints
        if let minimum = constraints.minimum { property["minimum"] = .double(minimum) }
        if let maximum = constraints.maximum { property["maximum"] = .double(maximum) }
        if let minLength = constraints.minLength { property["minLength"] = .int(minLength) }
        if let maxLength = constraints.maxLength { property["maxLength"] = .int(maxLength) }
        if let pattern = constraints.pattern { property["pattern"] = .string(pattern) }
        if parameter.isDeprecated { property["deprecated"] = .bool(true) }
        if let accept = parameter.accept { property["x-cog-accept"] = .string(accept) }
        return (.sortedObject(property), enumComponent)
    }

    /// The `default` to publish: Cog's effective default, except that a Secret-typed input's
    /// default is never published (only a `None` default shows, as `null`).
    static func publishedDefault(of parameter: InputParameter) -> JSONValue? {
        guard let value = parameter.effectiveDefault else { return nil }
        if parameter.type.containsSecret && value != .null { return nil }
        return value
    }

    /// Cog's input type fragment (§3.2 of the schema spec).
    static func inputFragment(_ type: ValueType) -> [String: JSONValue] {
        switch type {
        case .string, .integer, .number, .boolean, .path, .file, .secret:
            return primitiveFragment(type)
        case .list(let item):
            return ["type": .string("array"), "items": .sortedObject(inputFragment(item))]
        case .optional(let inner):
            if case .union(let members) = inner { return unionFragment(members, nullable: true) }
            var fragment = inputFragment(inner)
            fragment["nullable"] = .bool(true)
            return fragment
        case .union(let members):
            return unionFragment(members, nullable: false)
        case .literal(let values):
            // Only reached for a Literal nested in a list: inline the enum.
            return inlineEnumFragment(values)
        case .any, .dictionary, .typedDictionary, .model, .none, .iterator:
            return ["type": .string("object")]
        }
    }

    /// `{"anyOf": [...]}`; with `None` among the members (or around them) every variant and the
    /// union itself get `nullable: true`. A single remaining member collapses to that member.
    private static func unionFragment(_ members: [ValueType], nullable: Bool) -> [String: JSONValue] {
        let variants = members.filter { $0 != .none }
        let isNullable = nullable || variants.count != members.count
        if variants.count == 1 {
            return inputFragment(isNullable ? .optional(variants[0]) : variants[0])
        }
        var fragment: [String: JSONValue] = [
            "anyOf": .array(variants.map { variant in
                var schema = inputFragment(variant)
                if isNullable { schema["nullable"] = .bool(true) }
                return .sortedObject(schema)
            }),
        ]
        if isNullable { fragment["nullable"] = .bool(true) }
        return fragment
    }

    /// The fragments of Cog's primitive types.
    static func primitiveFragment(_ type: ValueType) -> [String: JSONValue] {
        switch type {
        case .string: return ["type": .string("string")]
        case .integer: return ["type": .string("integer")]
        case .number: return ["type": .string("number")]
        case .boolean: return ["type": .string("boolean")]
        case .path, .file: return ["type": .string("string"), "format": .string("uri")]
        case .secret:
            return ["type": .string("string"), "format": .string("password"), "writeOnly": .bool(true), "x-cog-secret": .bool(true)]
        default: return ["type": .string("object")]
        }
    }

    /// `{"description":"An enumeration.","enum":[…],"title":<name>,"type":<type>}`.
    static func enumComponent(named name: String, values: [JSONValue], type: String?) -> JSONValue {
        var schema: [String: JSONValue] = [
            "title": .string(name),
            "description": .string("An enumeration."),
            "enum": .array(values),
        ]
        if let type { schema["type"] = .string(type) }
        return .sortedObject(schema)
    }

    /// `{"enum":[…],"type":…}` for a `Literal` that cannot have a component of its own.
    static func inlineEnumFragment(_ values: [JSONValue]) -> [String: JSONValue] {
        var fragment: [String: JSONValue] = ["enum": .array(values.map { $0.sortingAllKeys() })]
        if let type = literalTypeName(values) { fragment["type"] = .string(type) }
        return fragment
    }

    /// The enum `type` Cog gives choices: the JSON type of the annotation's primitive (through
    /// Optional and list), `object` for dict/Any/unions.
    static func choicesTypeName(_ type: ValueType) -> String {
        switch type {
        case .optional(let inner), .list(let inner): return choicesTypeName(inner)
        case .string, .integer, .number, .boolean, .path, .file, .secret:
            if case .string(let name) = primitiveFragment(type)["type"] { return name }
            return "string"
        default: return "object"
        }
    }

    /// The JSON type shared by a `Literal`'s values, or nil when they are mixed or include
    /// `None` (then the enum alone says what is allowed).
    static func literalTypeName(_ values: [JSONValue]) -> String? {
        let types = Set(values.map { value -> String in
            switch value {
            case .int: return "integer"
            case .double: return "number"
            default: return value.typeName
            }
        })
        if types.contains("null") { return nil }
        if types.count == 1 { return types.first }
        if types == ["integer", "number"] { return "number" }
        return nil
    }
}
