// `cog-host schema`: the OpenAPI document Cog would generate for the predictor.
import ArgumentParser
import CogCore
import CogPython
import Foundation

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the predictor's OpenAPI schema (what Cog writes to .cog/openapi_schema.json).",
        discussion: "Without REF, uses cog.yaml: run:/predict:, and train: when present (one merged document).")

    @Argument(help: ArgumentHelp("The predictor, as for run. Default: cog.yaml.", valueName: "ref"))
    var reference: String?

    @Option(name: [.short, .customLong("file")], help: ArgumentHelp("The Cog configuration file.", valueName: "cog.yaml"))
    var configFile: String = "cog.yaml"

    @Flag(help: "Print compact JSON (Cog's file format) instead of indented JSON.")
    var compact = false

    @OptionGroup(title: "Python environment") var pythonEnvironment: EnvironmentOptions

    func run() throws {
        try FailureReporting.run {
            let project = try Project.locate(reference: reference, configFile: configFile, from: FileManager.default.currentDirectoryPath)
            let predictReference = reference ?? (try? project.reference(for: .predict))
            let trainReference = reference == nil ? project.configuration?.train : nil
            guard let firstReference = predictReference ?? trainReference else {
                throw CommandFailure("\(configFile) names no predictor: add run: (or train:)")
            }
            StandardStreams.divertPredictorOutput()
            try project.startPython(predictorReference: firstReference, extraEnvironment: [], pythonEnvironment: pythonEnvironment)
            let predict = try predictReference.map { try project.load($0, mode: .predict).interface }
            let train = try trainReference.map { try project.load($0, mode: .train).interface }
            let generator = OpenAPISchemaGenerator()
            let document: JSONValue
            switch (predict, train) {
            case (let predict?, let train?): document = generator.combinedDocument(predict: predict, train: train)
            case (let predict?, nil): document = generator.document(for: predict, mode: .predict)
            case (nil, let train?): document = generator.document(for: train, mode: .train)
            case (nil, nil): return
            }
            StandardStreams.writeResult(compact ? document.compactText : document.indentedText())
        }
    }
}
