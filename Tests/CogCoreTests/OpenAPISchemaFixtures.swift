// Predictor interfaces and helpers shared by the OpenAPI generator tests.
import CogCore
import Foundation
import Testing

enum OpenAPIFixtures {
    /// schema.md §9: the streaming Runner whose document is `Golden/spec-example.json`.
    static let specExample = PredictorInterface(
        method: .run, kind: .class, isGenerator: true, isStreaming: true,
        inputs: [
            InputParameter(name: "prompt", order: 0, type: .string, declaredDefault: nil, description: "Text prompt"),
            InputParameter(
                name: "steps", order: 1, type: .integer, declaredDefault: .int(20), description: "Number of steps",
                constraints: InputConstraints(minimum: 1, maximum: 50)),
            InputParameter(name: "api_key", order: 2, type: .secret, declaredDefault: nil, description: "API key"),
            InputParameter(name: "image", order: 3, type: .optional(.path), declaredDefault: .null, description: "Optional input image"),
            InputParameter(name: "tags", order: 4, type: .list(.string), declaredDefault: nil, description: "Tags"),
            InputParameter(
                name: "style", order: 5, type: .string, declaredDefault: .string("photo"), description: "Rendering style",
                constraints: InputConstraints(choices: [.string("photo"), .string("art"), .string("sketch")])),
        ],
        output: .iterator(.string, concatenate: false, isAsync: false))

    /// The `train()` described in `Golden/README.md`.
    static let trainExample = PredictorInterface(
        method: .train, kind: .function,
        inputs: [
            InputParameter(
                name: "train_data", order: 0, type: .path, declaredDefault: nil, description: "Training archive",
                accept: "application/zip"),
            InputParameter(
                name: "epochs", order: 1, type: .integer, declaredDefault: .int(3), description: "Epochs",
                constraints: InputConstraints(minimum: 1)),
            InputParameter(
                name: "learning_rate", order: 2, type: .number, declaredDefault: .double(1e-4),
                constraints: InputConstraints(maximum: 0.5)),
            InputParameter(
                name: "style", order: 3, type: .string, declaredDefault: .string("sketch"), description: "Target style",
                constraints: InputConstraints(choices: [.string("photo"), .string("sketch")])),
            InputParameter(name: "hf_token", order: 4, type: .secret, declaredDefault: .null, description: "Hub token"),
        ],
        output: .model(name: "TrainingOutput", fields: [
            ModelField(name: "weights", type: .path, defaultValue: nil),
            ModelField(name: "loss", type: .optional(.number), defaultValue: .null),
        ]))

    static func interface(
        _ inputs: [InputParameter], output: ValueType = .string, streaming: Bool = false
    ) -> PredictorInterface {
        PredictorInterface(method: .predict, kind: .class, isStreaming: streaming, inputs: inputs, output: output)
    }

    /// A one-input predictor.
    static func interface(
        _ type: ValueType, default declaredDefault: JSONValue? = nil, name: String = "x",
        constraints: InputConstraints = InputConstraints()
    ) -> PredictorInterface {
        interface([InputParameter(name: name, order: 0, type: type, declaredDefault: declaredDefault, constraints: constraints)])
    }

    static func document(_ interface: PredictorInterface, mode: OpenAPISchemaGenerator.Mode = .predict) -> JSONValue {
        OpenAPISchemaGenerator().document(for: interface, mode: mode)
    }

    static func schemas(_ interface: PredictorInterface) -> JSONValue {
        document(interface)["components"]?["schemas"] ?? .null
    }

    static func inputSchema(_ interface: PredictorInterface) -> JSONValue {
        schemas(interface)["Input"] ?? .null
    }

    /// The compact text of the Input property `name`.
    static func property(_ interface: PredictorInterface, _ name: String = "x") -> String {
        inputSchema(interface)["properties"]?[name]?.compactText ?? "<none>"
    }

    static func required(_ interface: PredictorInterface) -> [String] {
        guard case .array(let names)? = inputSchema(interface)["required"] else { return [] }
        return names.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
    }

    /// The compact text of the Output component for `type`.
    static func output(_ type: ValueType) -> String {
        schemas(interface([], output: type))["Output"]?.compactText ?? "<none>"
    }

    /// A golden file's text, without a final newline an editor may have added.
    static func golden(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden"))
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// JSON text with the whitespace outside strings removed: the compact form of `text`.
    static func minified(_ text: String) -> String {
        var output = ""
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                output.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
                output.append(character)
            } else if !character.isWhitespace {
                output.append(character)
            }
        }
        return output
    }
}
