// The `Output`/`TrainingOutput` component: the schema of what the predictor returns.

extension OpenAPISchemaGenerator {
    /// The output component. As in Cog its title is `Output` in both modes (the train document's
    /// `TrainingOutput` component is titled `Output` too).
    func outputComponent(for type: ValueType) -> JSONValue {
        var schema = Self.outputSchema(type)
        schema["title"] = .string("Output")
        return .sortedObject(schema)
    }

    /// Cog's `SchemaType.JSONSchema` (§4 of the schema spec), without the top-level title.
    ///
    /// Shapes Cog refuses at build time get a schema here instead, because the host runs such
    /// predictors: `Optional[T]` → T + `nullable`, other unions → `anyOf`, `None` →
    /// `{"enum":[null],"nullable":true}`, `Literal[...]` → `{"enum":[…],"type":…}`.
    static func outputSchema(_ type: ValueType) -> [String: JSONValue] {
        switch type {
        case .string, .integer, .number, .boolean, .path, .file, .secret:
            return primitiveFragment(type)
        case .any, .dictionary:
            // `dict[str, V]` would add `additionalProperties: V`; the interface model keeps no V.
            return ["type": .string("object")]
        case .list(let item):
            return ["type": .string("array"), "items": .sortedObject(outputSchema(item))]
        case .iterator(let item, let concatenate, _):
            var schema: [String: JSONValue] = [
                "type": .string("array"),
                "items": .sortedObject(outputSchema(item)),
                "x-cog-array-type": .string("iterator"),
            ]
            if concatenate { schema["x-cog-array-display"] = .string("concatenate") }
            return schema
        case .model(_, let fields), .typedDictionary(_, let fields):
            return objectSchema(fields)
        case .optional(let inner):
            var schema = outputSchema(inner)
            schema["nullable"] = .bool(true)
            return schema
        case .union(let members):
            let variants = members.filter { $0 != .none }
            if variants.count != members.count {
                return outputSchema(.optional(variants.count == 1 ? variants[0] : .union(variants)))
            }
            if variants.count == 1 { return outputSchema(variants[0]) }
            return ["anyOf": .array(variants.map { .sortedObject(outputSchema($0)) })]
        case .literal(let values):
            return inlineEnumFragment(values)
        case .none:
            return ["enum": .array([.null]), "nullable": .bool(true)]
        }
    }

    /// A `BaseModel`/`TypedDict` output: properties in field order, each titled; a field is
    /// required unless it is `Optional` or has a default (for a TypedDict: may be left out).
    private static func objectSchema(_ fields: [ModelField]) -> [String: JSONValue] {
        var properties: [(String, JSONValue)] = []
        var required: [JSONValue] = []
        for field in fields {
            var property = outputSchema(field.type)
            property["title"] = .string(titleCase(field.name))
            properties.append((field.name, .sortedObject(property)))
            if !field.type.admitsNone && field.defaultValue == nil {
                required.append(.string(field.name))
            }
        }
        var schema: [String: JSONValue] = ["type": .string("object"), "properties": .object(JSONObject(properties))]
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }
}
