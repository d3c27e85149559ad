// One `cog-host run|predict|train` invocation: resolve, load, validate, set up, predict, present.
import CogCore
import CogPython
import Foundation

struct PredictionSession {
    let options: PredictionOptions
    let mode: PythonPredictor.Mode
    let workingDirectory = FileManager.default.currentDirectoryPath

    func run() throws {
        if options.json != nil, !options.inputs.isEmpty {
            throw CommandFailure("Must use one of --json or --input to provide model inputs")
        }
        let project = try Project.locate(reference: options.reference, configFile: options.configFile, from: workingDirectory)
        let reference = try project.reference(for: mode)
        // Everything the predictor prints goes to stderr; -i @files and -o paths stay relative
        // to where the command was run, while the predictor runs in the project root.
        StandardStreams.divertPredictorOutput()
        try project.startPython(predictorReference: reference, extraEnvironment: options.environment, pythonEnvironment: options.pythonEnvironment)
        let predictor = try project.load(reference, mode: mode)

        let inputs = try readInputs(for: predictor.interface)
        let scrubber = SecretScrubber(secrets: predictor.interface.secretValues(in: inputs))
        if scrubber.tooShort > 0 {
            StandardStreams.writeError("cog-host: warning: \(scrubber.tooShort) secret input(s) are shorter than \(SecretScrubber.minimumLength) characters and are not scrubbed from output")
        }
        StandardStreams.scrubPredictorOutput(with: scrubber)
        let prepared: PreparedInputs
        do {
            prepared = try predictor.prepare(inputs)
        } catch {
            throw CommandFailure(error.message)
        }
        do {
            try predictor.setup(weights: ProcessInfo.processInfo.environment["COG_WEIGHTS"].flatMap { $0.isEmpty ? nil : $0 })
        } catch {
            predictor.releaseTemporaryFiles(prepared)
            throw Project.setupFailure(error)
        }
        let presenter = OutputPresenter(
            outputPath: options.output, defaultDestination: mode == .train ? "weights" : "output",
            jsonMode: options.json != nil, workingDirectory: workingDirectory)
        let outcome = predictor.predict(prepared) { item in presenter.outputItem(scrubber.scrub(item)) }
        try presenter.present(scrubber.scrub(outcome))
    }

    private func readInputs(for interface: PredictorInterface) throws -> [String: JSONValue] {
        let coercion = CLIInputCoercion(
            inputs: interface.inputs, workingDirectory: workingDirectory, environment: ProcessInfo.processInfo.environment,
            readSecretLine: { StandardStreams.readSecretLine() })
        let values: [String: JSONValue]
        if let json = options.json {
            values = try coercion.coerce(jsonDocument: try CLIInputCoercion.readJSONArgument(json))
        } else {
            values = try coercion.coerce(flags: options.inputs)
        }
        return try InputValidator(inputs: interface.inputs).validate(values)
    }
}
