// Builds the OpenAPI document Cog's static generator emits, from the predictor interface model.

/// Generates the OpenAPI 3.0.2 document of a predictor (`.cog/openapi_schema.json`,
/// `GET /openapi.json`) the way Cog's Go generator (`pkg/schema`) does, key order included.
///
/// Ordered parts (`components.schemas`, `paths`, `Input.properties`, object-output `properties`)
/// keep insertion order; every other object has Go's sorted key order. Deliberate differences
/// from Cog are listed in the README (`Literal[...]` enums, unpublished Secret defaults, and
/// shapes for outputs Cog refuses to build).
public struct OpenAPISchemaGenerator: Sendable {
    /// Which of Cog's two documents to build: `/predictions` or `/trainings`.
    public enum Mode: Sendable {
        case predict
        case train
    }

    public static let defaultCogVersion = "0.23.1"

    /// `info.version`: the version of the Cog CLI the document claims to come from.
    public let cogVersion: String

    public init(cogVersion: String = OpenAPISchemaGenerator.defaultCogVersion) {
        self.cogVersion = cogVersion
    }

    /// The single-mode document for `interface`, in Cog's key order.
    public func document(for interface: PredictorInterface, mode: Mode) -> JSONValue {
        let names = OpenAPIModeNames(mode)
        let (inputSchema, enumComponents) = inputComponent(for: interface, title: names.input)

        var schemas: JSONValue = .object([])
        schemas = schemas.setting(names.input, to: inputSchema)
        schemas = schemas.setting(names.output, to: outputComponent(for: interface.output))
        for (name, schema) in enumComponents {
            schemas = schemas.setting(name, to: schema)
        }
        for (name, schema) in fixedComponents(names) {
            schemas = schemas.setting(name, to: schema)
        }

        let streaming = mode == .predict && interface.isStreaming && interface.output.isIterator
        let document: JSONValue = .sortedObject([
            "components": .sortedObject(["schemas": schemas]),
            "info": .sortedObject(["title": .string("Cog"), "version": .string(cogVersion)]),
            "openapi": .string("3.0.2"),
            "paths": paths(names, streaming: streaming),
        ])
        return Self.postProcessed(document)
    }

    /// The document Cog writes when both `predict:` and `train:` are configured: the predict
    /// document with the train document's missing paths and components added, then (as Go's
    /// round trip through `map[string]any` does) every object's keys sorted.
    public func combinedDocument(predict: PredictorInterface, train: PredictorInterface) -> JSONValue {
        Self.merged(document(for: predict, mode: .predict), document(for: train, mode: .train))
    }

    /// The exact text Cog writes to `.cog/openapi_schema.json`: compact JSON for one mode,
    /// 2-space indented JSON for the merged predict + train document; nil when neither is given.
    public func schemaFileText(predict: PredictorInterface?, train: PredictorInterface?) -> String? {
        switch (predict, train) {
        case (let predict?, let train?): return combinedDocument(predict: predict, train: train).indentedText()
        case (let predict?, nil): return document(for: predict, mode: .predict).compactText
        case (nil, let train?): return document(for: train, mode: .train).compactText
        case (nil, nil): return nil
        }
    }

    /// Cog's `MergeSchemas`: predict is the base; train's paths and component schemas are added
    /// where the key is absent. The result has all keys sorted.
    static func merged(_ predict: JSONValue, _ train: JSONValue) -> JSONValue {
        func addingMissing(_ base: JSONValue, from extra: JSONValue) -> JSONValue {
            guard case .object(let extraMembers) = extra else { return base }
            var result = base
            for (key, value) in extraMembers where result[key] == nil {
                result = result.setting(key, to: value)
            }
            return result
        }
        var document = predict
        if let paths = predict["paths"], let trainPaths = train["paths"] {
            document = document.setting("paths", to: addingMissing(paths, from: trainPaths))
        }
        if let components = predict["components"], let schemas = components["schemas"],
           let trainSchemas = train["components"]?["schemas"] {
            document = document.setting("components", to: components.setting("schemas", to: addingMissing(schemas, from: trainSchemas)))
        }
        return document.sortingAllKeys()
    }

    /// Cog's post-processing (§8 of the schema spec): drop a `title` next to a `$ref`, and turn
    /// a two-member `anyOf` with a `{"type":"null"}` member into the other member + `nullable`.
    /// The generator does not produce either shape itself; this keeps it honest if it ever does.
    static func postProcessed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(postProcessed))
        case .object(let members):
            var result: [(String, JSONValue)] = members.map { ($0.0, postProcessed($0.1)) }
            if result.contains(where: { $0.0 == "$ref" }) {
                result.removeAll { $0.0 == "title" }
            }
            if let anyOf = result.first(where: { $0.0 == "anyOf" })?.1, case .array(let variants) = anyOf, variants.count == 2,
               variants.allSatisfy({ if case .object = $0 { return true } else { return false } }),
               variants.contains(where: { $0["type"] == .string("null") }),
               let other = variants.first(where: { $0["type"] != .string("null") }), case .object(let otherMembers) = other {
                var object: JSONValue = .object(JSONObject(result.filter { $0.0 != "anyOf" }))
                for (key, member) in otherMembers { object = object.setting(key, to: member) }
                object = object.setting("nullable", to: .bool(true))
                // These objects are Go maps, so their keys print sorted.
                return object.sortingTopLevelKeys()
            }
            return .object(JSONObject(result))
        default:
            return value
        }
    }

    /// Cog's `TitleCase`: split on `_`, upper-case the first character of each non-empty part,
    /// join with spaces (`num_inference_steps` → `Num Inference Steps`, `_x` → ` X`).
    public static func titleCase(_ name: String) -> String {
        name.split(separator: "_", omittingEmptySubsequences: false).map { part -> String in
            guard let first = part.unicodeScalars.first else { return "" }
            return first.properties.uppercaseMapping + String(part.unicodeScalars.dropFirst())
        }.joined(separator: " ")
    }
}
