// Whole OpenAPI documents: the spec's complete example, train mode, the merged document, streaming.
import CogCore
import Foundation
import Testing

@Suite struct OpenAPISchemaGeneratorTests {
    let generator = OpenAPISchemaGenerator()

    @Test func specExampleMatchesGoldenByteForByte() throws {
        let document = generator.document(for: OpenAPIFixtures.specExample, mode: .predict)
        let golden = try OpenAPIFixtures.golden("spec-example")
        #expect(document.indentedText() == golden)
        #expect(document.compactText == OpenAPIFixtures.minified(golden))
    }

    @Test func singleModeFileIsCompact() throws {
        let text = generator.schemaFileText(predict: OpenAPIFixtures.specExample, train: nil)
        #expect(text == OpenAPIFixtures.minified(try OpenAPIFixtures.golden("spec-example")))
    }

    @Test func trainModeMatchesGolden() throws {
        let document = generator.document(for: OpenAPIFixtures.trainExample, mode: .train)
        #expect(document.indentedText() == (try OpenAPIFixtures.golden("train-example")))
        #expect(generator.schemaFileText(predict: nil, train: OpenAPIFixtures.trainExample) == document.compactText)
    }

    @Test func mergedDocumentMatchesGoldenAndIsIndented() throws {
        let golden = try OpenAPIFixtures.golden("merged-example")
        let merged = generator.combinedDocument(predict: OpenAPIFixtures.specExample, train: OpenAPIFixtures.trainExample)
        #expect(merged.indentedText() == golden)
        #expect(generator.schemaFileText(predict: OpenAPIFixtures.specExample, train: OpenAPIFixtures.trainExample) == golden)
    }

    @Test func mergeKeepsThePredictComponentWhenNamesCollide() {
        let merged = generator.combinedDocument(predict: OpenAPIFixtures.specExample, train: OpenAPIFixtures.trainExample)
        let schemas = merged["components"]?["schemas"]
        #expect(schemas?["style"]?["enum"] == .array([.string("photo"), .string("art"), .string("sketch")]))
        #expect(schemas?.keys == [
            "HTTPValidationError", "Input", "Output", "PredictionRequest", "PredictionResponse", "Status",
            "TrainingInput", "TrainingOutput", "TrainingRequest", "TrainingResponse", "ValidationError", "style",
        ])
        #expect(merged["paths"]?.keys == [
            "/", "/health-check", "/predictions", "/predictions/{prediction_id}/cancel", "/trainings",
            "/trainings/{training_id}/cancel",
        ])
        // Properties lose their parameter order in the merged document (Go's map round trip).
        #expect(schemas?["Input"]?["properties"]?.keys == ["api_key", "image", "prompt", "steps", "style", "tags"])
    }

    @Test func noDocumentWithoutAnInterface() {
        #expect(generator.schemaFileText(predict: nil, train: nil) == nil)
    }

    @Test func versionIsAParameter() {
        let document = OpenAPISchemaGenerator(cogVersion: "0.99.0").document(for: OpenAPIFixtures.interface([]), mode: .predict)
        #expect(document["info"]?.compactText == #"{"title":"Cog","version":"0.99.0"}"#)
        #expect(OpenAPISchemaGenerator().cogVersion == "0.23.1")
    }

    @Test func skeletonOrder() {
        let document = generator.document(for: OpenAPIFixtures.interface([]), mode: .predict)
        #expect(document.keys == ["components", "info", "openapi", "paths"])
        #expect(document["paths"]?.keys == ["/", "/health-check", "/predictions", "/predictions/{prediction_id}/cancel"])
        #expect(document["components"]?["schemas"]?.keys == [
            "Input", "Output", "PredictionRequest", "PredictionResponse", "Status", "HTTPValidationError", "ValidationError",
        ])
        // No inputs: empty properties, no `required`.
        #expect(document["components"]?["schemas"]?["Input"]?.compactText == #"{"properties":{},"title":"Input","type":"object"}"#)
    }

    @Test func trainPaths() {
        let document = generator.document(for: OpenAPIFixtures.interface([]), mode: .train)
        #expect(document["paths"]?.keys == ["/", "/health-check", "/trainings", "/trainings/{training_id}/cancel"])
        let post = document["paths"]?["/trainings"]?["post"]
        #expect(post?["summary"] == .string("Train"))
        #expect(post?["description"] == .string("Run a single training on the model"))
        #expect(post?["operationId"] == .string("train_trainings_post"))
        #expect(document["paths"]?["/trainings/{training_id}/cancel"]?["post"]?["parameters"]?.compactText
            == #"[{"in":"path","name":"training_id","required":true,"schema":{"title":"Training Id","type":"string"}}]"#)
        #expect(document["paths"]?["/trainings/{training_id}/cancel"]?["post"]?["operationId"]
            == .string("cancel_trainings__training_id__cancel_post"))
    }

    // MARK: streaming

    static let iterator: ValueType = .iterator(.string, concatenate: false, isAsync: false)

    @Test func streamingFlagOnPredictionsPost() {
        let streaming = OpenAPIFixtures.interface([], output: Self.iterator, streaming: true)
        #expect(generator.document(for: streaming, mode: .predict)["paths"]?["/predictions"]?["post"]?["x-cog-streaming"] == .bool(true))
        #expect(generator.document(for: streaming, mode: .predict).compactText.contains(#""summary":"Predict","x-cog-streaming":true}"#))
    }

    @Test func noStreamingFlagWithoutDecoratorInTrainModeOrForNonIterators() {
        let plain = OpenAPIFixtures.interface([], output: Self.iterator, streaming: false)
        let training = OpenAPIFixtures.interface([], output: Self.iterator, streaming: true)
        let notIterator = OpenAPIFixtures.interface([], output: .string, streaming: true)
        #expect(!generator.document(for: plain, mode: .predict).compactText.contains("x-cog-streaming"))
        #expect(!generator.document(for: training, mode: .train).compactText.contains("x-cog-streaming"))
        #expect(!generator.document(for: notIterator, mode: .predict).compactText.contains("x-cog-streaming"))
    }

    @Test func withoutStreamingOnlyTheFlagDiffers() throws {
        let example = OpenAPIFixtures.specExample
        let unstreamed = PredictorInterface(
            method: example.method, kind: example.kind, isGenerator: true, isStreaming: false, inputs: example.inputs,
            output: example.output)
        let expected = OpenAPIFixtures.minified(try OpenAPIFixtures.golden("spec-example"))
            .replacingOccurrences(of: #","x-cog-streaming":true"#, with: "")
        #expect(generator.document(for: unstreamed, mode: .predict).compactText == expected)
    }
}
