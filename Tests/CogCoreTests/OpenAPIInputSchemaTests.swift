// The Input component: type fragments, required/default/nullable, constraints, choices, Literal, secrets.
import CogCore
import Testing

@Suite struct OpenAPIInputSchemaTests {
    typealias F = OpenAPIFixtures

    struct Fragment: Sendable, CustomTestStringConvertible {
        let type: ValueType
        let expected: String
        var testDescription: String { expected }
    }

    /// schema.md §3.2 / inputs.md §2, for a parameter `x` without a default.
    @Test(arguments: [
        Fragment(type: .string, expected: #"{"title":"X","type":"string","x-order":0}"#),
        Fragment(type: .integer, expected: #"{"title":"X","type":"integer","x-order":0}"#),
        Fragment(type: .number, expected: #"{"title":"X","type":"number","x-order":0}"#),
        Fragment(type: .boolean, expected: #"{"title":"X","type":"boolean","x-order":0}"#),
        Fragment(type: .path, expected: #"{"format":"uri","title":"X","type":"string","x-order":0}"#),
        Fragment(type: .file, expected: #"{"format":"uri","title":"X","type":"string","x-order":0}"#),
        Fragment(type: .secret,
                 expected: #"{"format":"password","title":"X","type":"string","writeOnly":true,"x-cog-secret":true,"x-order":0}"#),
        Fragment(type: .dictionary, expected: #"{"title":"X","type":"object","x-order":0}"#),
        Fragment(type: .any, expected: #"{"title":"X","type":"object","x-order":0}"#),
        Fragment(type: .typedDictionary(name: "P", fields: [ModelField(name: "a", type: .string, defaultValue: nil)]),
                 expected: #"{"title":"X","type":"object","x-order":0}"#),
        Fragment(type: .list(.string), expected: #"{"items":{"type":"string"},"title":"X","type":"array","x-order":0}"#),
        Fragment(type: .list(.any), expected: #"{"items":{"type":"object"},"title":"X","type":"array","x-order":0}"#),
        Fragment(type: .list(.path), expected: #"{"items":{"format":"uri","type":"string"},"title":"X","type":"array","x-order":0}"#),
        Fragment(type: .list(.secret),
                 expected: #"{"items":{"format":"password","type":"string","writeOnly":true,"x-cog-secret":true},"title":"X","type":"array","x-order":0}"#),
        Fragment(type: .optional(.string), expected: #"{"nullable":true,"title":"X","type":"string","x-order":0}"#),
        Fragment(type: .optional(.path), expected: #"{"format":"uri","nullable":true,"title":"X","type":"string","x-order":0}"#),
        Fragment(type: .optional(.list(.integer)),
                 expected: #"{"items":{"type":"integer"},"nullable":true,"title":"X","type":"array","x-order":0}"#),
        Fragment(type: .union([.string, .number]), expected: #"{"anyOf":[{"type":"string"},{"type":"number"}],"title":"X","x-order":0}"#),
        Fragment(type: .union([.list(.integer), .dictionary]),
                 expected: #"{"anyOf":[{"items":{"type":"integer"},"type":"array"},{"type":"object"}],"title":"X","x-order":0}"#),
        Fragment(type: .optional(.union([.string, .number])),
                 expected: #"{"anyOf":[{"nullable":true,"type":"string"},{"nullable":true,"type":"number"}],"nullable":true,"title":"X","x-order":0}"#),
        // A union spelled with a None member behaves like Optional[union].
        Fragment(type: .union([.string, .number, .none]),
                 expected: #"{"anyOf":[{"nullable":true,"type":"string"},{"nullable":true,"type":"number"}],"nullable":true,"title":"X","x-order":0}"#),
    ])
    func typeFragment(_ fragment: Fragment) {
        #expect(F.property(F.interface(fragment.type)) == fragment.expected)
    }

    struct Rule: Sendable, CustomTestStringConvertible {
        let declaration: String
        let type: ValueType
        let declaredDefault: JSONValue?
        let required: Bool
        let defaultText: String?
        let nullable: Bool
        var testDescription: String { declaration }
    }

    /// inputs.md §3.2, row by row.
    @Test(arguments: [
        Rule(declaration: "s: str", type: .string, declaredDefault: nil, required: true, defaultText: nil, nullable: false),
        Rule(declaration: #"s: str = "x""#, type: .string, declaredDefault: .string("x"), required: false, defaultText: #""x""#, nullable: false),
        Rule(declaration: "seed: int = Input(default=None)", type: .integer, declaredDefault: .null, required: true, defaultText: nil, nullable: false),
        Rule(declaration: "p: Path = Input(default=None)", type: .path, declaredDefault: .null, required: true, defaultText: nil, nullable: false),
        Rule(declaration: "tags: list[str] = Input(default=None)", type: .list(.string), declaredDefault: .null, required: true, defaultText: nil, nullable: false),
        Rule(declaration: "key: Secret = Input(default=None)", type: .secret, declaredDefault: .null, required: false, defaultText: "null", nullable: true),
        Rule(declaration: "v: Optional[str]", type: .optional(.string), declaredDefault: nil, required: false, defaultText: nil, nullable: true),
        Rule(declaration: "v: Optional[int] = 5", type: .optional(.integer), declaredDefault: .int(5), required: false, defaultText: "5", nullable: true),
        Rule(declaration: "v: str | float", type: .union([.string, .number]), declaredDefault: nil, required: true, defaultText: nil, nullable: false),
        Rule(declaration: "v: str | float | None", type: .optional(.union([.string, .number])), declaredDefault: nil, required: true, defaultText: nil, nullable: true),
        Rule(declaration: "v: str | float | None = None", type: .optional(.union([.string, .number])), declaredDefault: .null, required: false, defaultText: "null", nullable: true),
        Rule(declaration: "v: Optional[str] = None", type: .optional(.string), declaredDefault: .null, required: false, defaultText: "null", nullable: true),
    ])
    func requiredDefaultNullable(_ rule: Rule) {
        let interface = F.interface(rule.type, default: rule.declaredDefault)
        let property = F.inputSchema(interface)["properties"]?["x"]
        #expect(F.required(interface) == (rule.required ? ["x"] : []))
        #expect(property?["default"]?.compactText == rule.defaultText)
        #expect(property?["nullable"] == (rule.nullable ? .bool(true) : nil))
        // `required` is left out entirely when empty.
        #expect((F.inputSchema(interface)["required"] != nil) == rule.required)
    }

    @Test func defaultsAreJSONLiterals() {
        #expect(F.property(F.interface(.number, default: .double(1.0))).contains(#""default":1,"#))
        #expect(F.property(F.interface(.number, default: .double(0.5))).contains(#""default":0.5,"#))
        #expect(F.property(F.interface(.number, default: .double(1e-7))).contains(#""default":1e-7,"#))
        #expect(F.property(F.interface(.boolean, default: .bool(false))).contains(#""default":false,"#))
        #expect(F.property(F.interface(.list(.integer), default: .array([.int(1), .int(2)]))).contains(#""default":[1,2],"#))
        #expect(F.property(F.interface(.dictionary, default: .object(["b": .int(1), "a": .string("<&>")])))
            .contains(#""default":{"a":"\u003c\u0026\u003e","b":1},"#))
    }

    @Test func constraintsAndExtras() {
        let parameter = InputParameter(
            name: "num_inference_steps", order: 3, type: .string, declaredDefault: nil, description: "Steps <b>",
            constraints: InputConstraints(minimum: 0.5, maximum: 10, minLength: 1, maxLength: 5, pattern: "^a+$"),
            isDeprecated: true)
        #expect(F.property(F.interface([parameter]), "num_inference_steps")
            == #"{"deprecated":true,"description":"Steps \u003cb\u003e","maxLength":5,"maximum":10,"minLength":1,"minimum":0.5,"pattern":"^a+$","title":"Num Inference Steps","type":"string","x-order":3}"#)
        let image = InputParameter(name: "image", order: 0, type: .optional(.path), declaredDefault: .null, accept: "image/*")
        #expect(F.property(F.interface([image]), "image")
            == #"{"default":null,"format":"uri","nullable":true,"title":"Image","type":"string","x-cog-accept":"image/*","x-order":0}"#)
        // deprecated=False is not emitted.
        #expect(!F.property(F.interface(.string)).contains("deprecated"))
    }

    @Test func propertiesKeepParameterOrder() {
        let names = ["zeta", "alpha", "Mid", "_x"]
        let interface = F.interface(names.enumerated().map { InputParameter(name: $1, order: $0, type: .string, declaredDefault: nil) })
        #expect(F.inputSchema(interface)["properties"]?.keys == names)
        #expect(F.required(interface) == names)
    }

    @Test(arguments: [
        ("api_key", "Api Key"), ("num_inference_steps", "Num Inference Steps"), ("_x", " X"), ("x__y", "X  Y"),
        ("prompt", "Prompt"), ("HTTPProxy", "HTTPProxy"), ("a_", "A "),
    ])
    func titleCase(_ name: String, _ expected: String) {
        #expect(OpenAPISchemaGenerator.titleCase(name) == expected)
    }

    // MARK: choices

    @Test func choicesBecomeAnEnumComponentAfterOutput() {
        let interface = F.interface([
            InputParameter(name: "size", order: 0, type: .integer, declaredDefault: .int(512),
                           constraints: InputConstraints(choices: [.int(256), .int(512), .int(1024)])),
            InputParameter(name: "prompt", order: 1, type: .string, declaredDefault: nil),
            InputParameter(name: "color", order: 2, type: .optional(.string), declaredDefault: .null, description: "Color",
                           constraints: InputConstraints(choices: [.string("red"), .string("blue")])),
        ])
        let schemas = F.schemas(interface)
        #expect(schemas.keys == [
            "Input", "Output", "size", "color", "PredictionRequest", "PredictionResponse", "Status", "HTTPValidationError",
            "ValidationError",
        ])
        #expect(schemas["size"]?.compactText == #"{"description":"An enumeration.","enum":[256,512,1024],"title":"size","type":"integer"}"#)
        #expect(F.property(interface, "size") == ##"{"allOf":[{"$ref":"#/components/schemas/size"}],"default":512,"x-order":0}"##)
        #expect(F.property(interface, "color")
            == ##"{"allOf":[{"$ref":"#/components/schemas/color"}],"default":null,"description":"Color","nullable":true,"x-order":2}"##)
        #expect(F.required(interface) == ["prompt"])
    }

    @Test(arguments: [
        (ValueType.string, "string"), (.integer, "integer"), (.number, "number"), (.boolean, "boolean"),
        (.path, "string"), (.optional(.integer), "integer"), (.list(.string), "string"), (.dictionary, "object"),
    ])
    func choicesEnumTypeFollowsTheAnnotation(_ type: ValueType, _ expected: String) {
        let interface = F.interface(type, name: "c", constraints: InputConstraints(choices: [.int(1)]))
        #expect(F.schemas(interface)["c"]?["type"] == .string(expected))
    }

    // MARK: Literal (not in Cog, whose generator rejects it)

    @Test func literalInputBecomesAnEnumComponentLikeChoices() {
        let interface = F.interface([
            InputParameter(name: "mode", order: 0, type: .literal([.string("fast"), .string("slow")]), declaredDefault: .string("fast")),
            InputParameter(name: "n", order: 1, type: .optional(.literal([.int(1), .int(2)])), declaredDefault: nil),
        ])
        let schemas = F.schemas(interface)
        #expect(schemas.keys.prefix(4) == ["Input", "Output", "mode", "n"])
        #expect(schemas["mode"]?.compactText == #"{"description":"An enumeration.","enum":["fast","slow"],"title":"mode","type":"string"}"#)
        #expect(schemas["n"]?.compactText == #"{"description":"An enumeration.","enum":[1,2],"title":"n","type":"integer"}"#)
        #expect(F.property(interface, "mode") == ##"{"allOf":[{"$ref":"#/components/schemas/mode"}],"default":"fast","x-order":0}"##)
        #expect(F.property(interface, "n") == ##"{"allOf":[{"$ref":"#/components/schemas/n"}],"nullable":true,"x-order":1}"##)
        #expect(F.required(interface) == [])
    }

    @Test func literalEnumTypes() {
        func type(_ values: [JSONValue]) -> JSONValue? {
            F.schemas(F.interface(.literal(values), name: "l"))["l"]?["type"]
        }
        #expect(type([.bool(true), .bool(false)]) == .string("boolean"))
        #expect(type([.int(1), .double(1.5)]) == .string("number"))
        #expect(type([.int(1), .string("a")]) == nil)
        #expect(type([.string("a"), .null]) == nil)
    }

    @Test func literalInsideAListIsInlined() {
        #expect(F.property(F.interface(.list(.literal([.string("a"), .string("b")]))))
            == #"{"items":{"enum":["a","b"],"type":"string"},"title":"X","type":"array","x-order":0}"#)
    }

    /// Cog's ordered map keeps a name's first position and its last value: a choices parameter
    /// named like a fixed component is overwritten by it (reproduced as is).
    @Test func enumComponentNamedLikeAFixedComponent() {
        let interface = F.interface(.string, name: "Status", constraints: InputConstraints(choices: [.string("a")]))
        let schemas = F.schemas(interface)
        #expect(schemas.keys == [
            "Input", "Output", "Status", "PredictionRequest", "PredictionResponse", "HTTPValidationError", "ValidationError",
        ])
        #expect(schemas["Status"]?["enum"]?.compactText == #"["starting","processing","succeeded","canceled","failed"]"#)
    }

    @Test func choicesWinOverLiteral() {
        let interface = F.interface(.literal([.string("a"), .string("b")]), name: "c", constraints: InputConstraints(choices: [.string("a")]))
        #expect(F.schemas(interface)["c"]?["enum"] == .array([.string("a")]))
    }
}
