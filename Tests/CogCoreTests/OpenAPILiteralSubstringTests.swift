// Literal substrings of compact output quoted by the spec and asserted by Cog's integration tests.
import CogCore
import Testing

/// The spec's and Cog's own tests' literal substrings of compact output, byte for byte.
@Suite struct OpenAPILiteralSubstringTests {
    let specText = OpenAPISchemaGenerator().document(for: OpenAPIFixtures.specExample, mode: .predict).compactText

    @Test(arguments: [
        // schema.md §3.4
        #""style":{"description":"An enumeration.","enum":["photo","art","sketch"],"title":"style","type":"string"}"#,
        // schema.md §5 (the spec's line breaks removed)
        ##""PredictionRequest":{"properties":{"id":{"title":"Id","type":"string"},"input":{"$ref":"#/components/schemas/Input"}},"title":"PredictionRequest","type":"object"}"##,
        ##""PredictionResponse":{"properties":{"completed_at":{"format":"date-time","title":"Completed At","type":"string"},"created_at":{"format":"date-time","title":"Created At","type":"string"},"error":{"title":"Error","type":"string"},"id":{"title":"Id","type":"string"},"input":{"$ref":"#/components/schemas/Input"},"logs":{"title":"Logs","type":"string"},"metrics":{"title":"Metrics","type":"object"},"output":{"$ref":"#/components/schemas/Output"},"started_at":{"format":"date-time","title":"Started At","type":"string"},"status":{"title":"Status","type":"string"},"version":{"title":"Version","type":"string"}},"title":"PredictionResponse","type":"object"}"##,
        #""Status":{"description":"An enumeration.","enum":["starting","processing","succeeded","canceled","failed"],"title":"Status","type":"string"}"#,
        ##""HTTPValidationError":{"properties":{"detail":{"items":{"$ref":"#/components/schemas/ValidationError"},"title":"Detail","type":"array"}},"title":"HTTPValidationError","type":"object"}"##,
        #""ValidationError":{"properties":{"loc":{"items":{"anyOf":[{"type":"string"},{"type":"integer"}]},"title":"Location","type":"array"},"msg":{"title":"Message","type":"string"},"type":{"title":"Error Type","type":"string"}},"required":["loc","msg","type"],"title":"ValidationError","type":"object"}"#,
        // schema.md §6
        #"{"in":"path","name":"prediction_id","required":true,"schema":{"title":"Prediction Id","type":"string"}}"#,
        // schema.md §9 notes
        #""required":["prompt","api_key","tags"]"#,
        #""openapi":"3.0.2""#,
    ])
    func specSubstring(_ substring: String) {
        #expect(specText.contains(substring))
    }

    @Test func outputSubstringsFromTheSpecNotes() {
        #expect(OpenAPIFixtures.output(.string) == #"{"title":"Output","type":"string"}"#)
        #expect(OpenAPIFixtures.output(.iterator(.string, concatenate: true, isAsync: false))
            .contains(#""x-cog-array-display":"concatenate""#))
    }

    /// Substrings Cog's integration tests (`integration-tests/tests/*.txtar`) assert on the
    /// compact schema of small predictors, rebuilt here as interfaces.
    @Test func cogIntegrationTestSubstrings() {
        func text(_ inputs: [InputParameter], output: ValueType = .string) -> String {
            OpenAPISchemaGenerator().document(for: OpenAPIFixtures.interface(inputs, output: output), mode: .predict).compactText
        }
        func input(_ name: String, _ order: Int, _ type: ValueType, _ declaredDefault: JSONValue? = nil) -> InputParameter {
            InputParameter(name: name, order: order, type: type, declaredDefault: declaredDefault)
        }
        // dict_input.txtar
        let dict = text([input("data", 0, .dictionary)])
        #expect(dict.contains(#""data":{"title":"Data","type":"object","x-order":0}"#))
        #expect(dict.contains(#""required":["data"]"#))
        // list_dict_input.txtar
        #expect(text([input("messages", 0, .list(.dictionary))])
            .contains(#""messages":{"items":{"type":"object"},"title":"Messages","type":"array","x-order":0}"#))
        // typing_dict_input.txtar
        let typing = text([input("data", 0, .dictionary), input("items", 1, .list(.dictionary))])
        #expect(typing.contains(#""data":{"title":"Data","type":"object","x-order":0}"#))
        #expect(typing.contains(#""items":{"items":{"type":"object"},"title":"Items","type":"array","x-order":1}"#))
        // typeddict_input.txtar
        let payload: ValueType = .typedDictionary(name: "Payload", fields: [
            ModelField(name: "name", type: .string, defaultValue: nil), ModelField(name: "count", type: .integer, defaultValue: nil),
        ])
        let typed = text([input("data", 0, payload), input("items", 1, .optional(.list(payload)), .null)])
        #expect(typed.contains(#""data":{"title":"Data","type":"object","x-order":0}"#))
        #expect(typed.contains(#""items":{"default":null,"items":{"type":"object"},"nullable":true,"title":"Items","type":"array","x-order":1}"#))
        // typeddict_output.txtar
        let typedOutput = text([], output: .typedDictionary(name: "Output", fields: [
            ModelField(name: "name", type: .string, defaultValue: nil), ModelField(name: "count", type: .integer, defaultValue: .null),
        ]))
        #expect(typedOutput.contains(#""required":["name"]"#))
        // static_schema_opaque.txtar
        let opaque = text(
            [input("payload", 0, .any), input("items", 1, .list(.any))],
            output: .model(name: "Output", fields: [
                ModelField(name: "result", type: .any, defaultValue: nil), ModelField(name: "results", type: .list(.any), defaultValue: nil),
            ]))
        for substring in [
            #""payload":{"title":"Payload","type":"object","x-order":0}"#,
            #""items":{"items":{"type":"object"},"title":"Items","type":"array","x-order":1}"#,
            #""result":{"title":"Result","type":"object"}"#,
            #""results":{"items":{"type":"object"},"title":"Results","type":"array"}"#,
            #""required":["payload","items"]"#,
            #""required":["result","results"]"#,
        ] {
            #expect(opaque.contains(substring))
        }
        // static_schema_secret_optional.txtar
        let secrets = text([
            InputParameter(name: "prompt", order: 0, type: .string, declaredDefault: nil, description: "Text prompt"),
            InputParameter(name: "api_key", order: 1, type: .secret, declaredDefault: .null, description: "Your API key"),
            InputParameter(name: "api_key_required", order: 2, type: .secret, declaredDefault: nil, description: "Required API key"),
            InputParameter(name: "seed", order: 3, type: .integer, declaredDefault: .null, description: "Random seed"),
        ])
        for substring in [#""format":"password""#, #""x-cog-secret":true"#, #""nullable":true"#, #""default":null"#,
                          #""required":["prompt","api_key_required","seed"]"#] {
            #expect(secrets.contains(substring))
        }
        // build_openapi_schema.txtar
        let build = text([input("text", 0, .string), input("path", 1, .path)], output: .path)
        #expect(build.contains(#""required":["text","path"]"#))
        #expect(build.contains(#""format":"uri""#))
        // build_openapi_schema_complex.txtar
        let complex = text([
            InputParameter(name: "prompt", order: 0, type: .string, declaredDefault: .string("hello"), description: "The prompt"),
            InputParameter(name: "temperature", order: 1, type: .number, declaredDefault: .double(0.7), description: "Sampling temp",
                           constraints: InputConstraints(minimum: 0, maximum: 2)),
            InputParameter(name: "style", order: 2, type: .string, declaredDefault: .string("balanced"), description: "Style",
                           constraints: InputConstraints(choices: [.string("fast"), .string("balanced"), .string("quality")])),
            InputParameter(name: "api_key", order: 3, type: .secret, declaredDefault: nil, description: "API key"),
            InputParameter(name: "image", order: 4, type: .optional(.path), declaredDefault: .null, description: "Optional image"),
        ])
        for substring in [#""minimum":0"#, #""maximum":2"#, #""enum":["fast","balanced","quality"]"#, #""x-cog-secret":true"#,
                          #""default":"hello""#] {
            #expect(complex.contains(substring))
        }
        // static_schema_gen.txtar
        let gen = text([
            input("text", 0, .string), input("image", 1, .path),
            InputParameter(name: "count", order: 2, type: .integer, declaredDefault: .int(5), description: "Number of iterations",
                           constraints: InputConstraints(minimum: 1, maximum: 100)),
            InputParameter(name: "mode", order: 3, type: .string, declaredDefault: .string("fast"), description: "Quality mode",
                           constraints: InputConstraints(choices: [.string("fast"), .string("balanced"), .string("quality")])),
        ])
        for substring in [#""openapi":"3.0.2""#, #""default":5"#, #""enum":["fast","balanced","quality"]"#,
                          #""required":["text","image"]"#] {
            #expect(gen.contains(substring))
        }
    }
}
