// The Output component for every output shape (schema.md §4), plus the shapes Cog refuses.
import CogCore
import Testing

@Suite struct OpenAPIOutputSchemaTests {
    typealias F = OpenAPIFixtures

    struct Shape: Sendable, CustomTestStringConvertible {
        let annotation: String
        let type: ValueType
        let expected: String
        var testDescription: String { annotation }
    }

    static let user: ValueType = .model(name: "User", fields: [
        ModelField(name: "name", type: .string, defaultValue: nil),
        ModelField(name: "age", type: .optional(.integer), defaultValue: nil),
    ])

    @Test(arguments: [
        Shape(annotation: "str", type: .string, expected: #"{"title":"Output","type":"string"}"#),
        Shape(annotation: "int", type: .integer, expected: #"{"title":"Output","type":"integer"}"#),
        Shape(annotation: "float", type: .number, expected: #"{"title":"Output","type":"number"}"#),
        Shape(annotation: "bool", type: .boolean, expected: #"{"title":"Output","type":"boolean"}"#),
        Shape(annotation: "Path", type: .path, expected: #"{"format":"uri","title":"Output","type":"string"}"#),
        Shape(annotation: "File", type: .file, expected: #"{"format":"uri","title":"Output","type":"string"}"#),
        Shape(annotation: "Secret", type: .secret,
              expected: #"{"format":"password","title":"Output","type":"string","writeOnly":true,"x-cog-secret":true}"#),
        Shape(annotation: "Any", type: .any, expected: #"{"title":"Output","type":"object"}"#),
        Shape(annotation: "dict", type: .dictionary, expected: #"{"title":"Output","type":"object"}"#),
        Shape(annotation: "list", type: .list(.any), expected: #"{"items":{"type":"object"},"title":"Output","type":"array"}"#),
        Shape(annotation: "list[str]", type: .list(.string), expected: #"{"items":{"type":"string"},"title":"Output","type":"array"}"#),
        Shape(annotation: "list[Path]", type: .list(.path),
              expected: #"{"items":{"format":"uri","type":"string"},"title":"Output","type":"array"}"#),
        Shape(annotation: "list[list[int]]", type: .list(.list(.integer)),
              expected: #"{"items":{"items":{"type":"integer"},"type":"array"},"title":"Output","type":"array"}"#),
        Shape(annotation: "Iterator[str]", type: .iterator(.string, concatenate: false, isAsync: false),
              expected: #"{"items":{"type":"string"},"title":"Output","type":"array","x-cog-array-type":"iterator"}"#),
        Shape(annotation: "AsyncIterator[Path]", type: .iterator(.path, concatenate: false, isAsync: true),
              expected: #"{"items":{"format":"uri","type":"string"},"title":"Output","type":"array","x-cog-array-type":"iterator"}"#),
        Shape(annotation: "ConcatenateIterator[str]", type: .iterator(.string, concatenate: true, isAsync: false),
              expected: #"{"items":{"type":"string"},"title":"Output","type":"array","x-cog-array-display":"concatenate","x-cog-array-type":"iterator"}"#),
        Shape(annotation: "AsyncConcatenateIterator[str]", type: .iterator(.string, concatenate: true, isAsync: true),
              expected: #"{"items":{"type":"string"},"title":"Output","type":"array","x-cog-array-display":"concatenate","x-cog-array-type":"iterator"}"#),
        Shape(annotation: "BaseModel", type: user,
              expected: #"{"properties":{"name":{"title":"Name","type":"string"},"age":{"nullable":true,"title":"Age","type":"integer"}},"required":["name"],"title":"Output","type":"object"}"#),
        Shape(annotation: "Iterator[BaseModel]", type: .iterator(user, concatenate: false, isAsync: false),
              expected: #"{"items":{"properties":{"name":{"title":"Name","type":"string"},"age":{"nullable":true,"title":"Age","type":"integer"}},"required":["name"],"type":"object"},"title":"Output","type":"array","x-cog-array-type":"iterator"}"#),
        Shape(annotation: "list[BaseModel]", type: .list(user),
              expected: #"{"items":{"properties":{"name":{"title":"Name","type":"string"},"age":{"nullable":true,"title":"Age","type":"integer"}},"required":["name"],"type":"object"},"title":"Output","type":"array"}"#),
        Shape(annotation: "BaseModel without fields", type: .model(name: "Empty", fields: []),
              expected: #"{"properties":{},"title":"Output","type":"object"}"#),
        Shape(annotation: "TypedDict with NotRequired", type: .typedDictionary(name: "Out", fields: [
            ModelField(name: "name", type: .string, defaultValue: nil), ModelField(name: "count", type: .integer, defaultValue: .null),
        ]), expected: #"{"properties":{"name":{"title":"Name","type":"string"},"count":{"title":"Count","type":"integer"}},"required":["name"],"title":"Output","type":"object"}"#),
    ])
    func outputShape(_ shape: Shape) {
        #expect(F.output(shape.type) == shape.expected)
    }

    @Test func modelFieldsWithDefaultsAndNestedModels() {
        let inner: ValueType = .model(name: "Box", fields: [ModelField(name: "x_min", type: .number, defaultValue: nil)])
        let output: ValueType = .model(name: "Result", fields: [
            ModelField(name: "image", type: .path, defaultValue: nil),
            ModelField(name: "box", type: inner, defaultValue: nil),
            ModelField(name: "boxes", type: .list(inner), defaultValue: .array([])),
            ModelField(name: "score", type: .number, defaultValue: .double(0.5)),
            ModelField(name: "label", type: .optional(.string), defaultValue: .null),
            ModelField(name: "meta", type: .any, defaultValue: nil),
        ])
        #expect(F.output(output) == #"{"properties":{"# +
            #""image":{"format":"uri","title":"Image","type":"string"},"# +
            #""box":{"properties":{"x_min":{"title":"X Min","type":"number"}},"required":["x_min"],"title":"Box","type":"object"},"# +
            #""boxes":{"items":{"properties":{"x_min":{"title":"X Min","type":"number"}},"required":["x_min"],"type":"object"},"title":"Boxes","type":"array"},"# +
            #""score":{"title":"Score","type":"number"},"# +
            #""label":{"nullable":true,"title":"Label","type":"string"},"# +
            #""meta":{"title":"Meta","type":"object"}},"# +
            #""required":["image","box","meta"],"title":"Output","type":"object"}"#)
    }

    @Test func trainOutputComponentIsTitledOutputLikeCogs() {
        let schemas = OpenAPIFixtures.document(OpenAPIFixtures.interface([], output: .string), mode: .train)["components"]?["schemas"]
        #expect(schemas?["TrainingOutput"]?.compactText == #"{"title":"Output","type":"string"}"#)
        #expect(schemas?["TrainingResponse"]?["properties"]?["output"]?.compactText == ##"{"$ref":"#/components/schemas/TrainingOutput"}"##)
    }

    // Shapes Cog's generator refuses (build errors) but the host runs: documented, not Cog's.

    @Test func optionalOutputIsNullable() {
        #expect(F.output(.optional(.string)) == #"{"nullable":true,"title":"Output","type":"string"}"#)
        #expect(F.output(.union([.path, .none])) == #"{"format":"uri","nullable":true,"title":"Output","type":"string"}"#)
    }

    @Test func unionOutputIsAnyOf() {
        #expect(F.output(.union([.string, .integer])) == #"{"anyOf":[{"type":"string"},{"type":"integer"}],"title":"Output"}"#)
        #expect(F.output(.optional(.union([.string, .integer])))
            == #"{"anyOf":[{"type":"string"},{"type":"integer"}],"nullable":true,"title":"Output"}"#)
    }

    @Test func noneOutputIsNullOnly() {
        #expect(F.output(.none) == #"{"enum":[null],"nullable":true,"title":"Output"}"#)
    }

    @Test func literalOutputIsAnEnum() {
        #expect(F.output(.literal([.string("a"), .string("b")])) == #"{"enum":["a","b"],"title":"Output","type":"string"}"#)
    }
}
