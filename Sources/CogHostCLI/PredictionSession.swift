// One `cog-host run|predict|train` invocation: resolve, load, validate, set up, predict, present.
import CogCore
import CogPython
import Foundation

struct PredictionSession {
    let options: PredictionOptions
    let mode: PythonPredictor.Mode
    let workingDirectory = FileManager.default.currentDirectoryPath

    func run() throws {
        if let reference = options.reference, reference.contains("=") {
            throw CommandFailure("Invalid image name '\(reference)'. Did you forget `-i`?")
        }
        if options.json != nil, !options.inputs.isEmpty {
            throw CommandFailure("Must use one of --json or --input to provide model inputs")
        }
        let (reference, projectDirectory, configuration) = try resolveReference()
        try applyEnvironment(configuration)
        // Like Cog's container, the predictor runs in the project root (where cog.yaml is);
        // -i @files and -o paths stay relative to where the command was run.
        if projectDirectory != workingDirectory, !FileManager.default.changeCurrentDirectoryPath(projectDirectory) {
            throw CommandFailure("cannot enter the project directory \(projectDirectory)")
        }

        StandardStreams.divertPredictorOutput()
        let predictorFile = String(reference.split(separator: ":", maxSplits: 1).first ?? "")
        var environmentOptions = CogPythonEnvironment.Options(
            projectDirectory: projectDirectory,
            predictorDirectory: ((predictorFile as NSString).deletingLastPathComponent as NSString).standardizingPath)
        environmentOptions.environment = ProcessInfo.processInfo.environment
        do {
            _ = try CogPythonEnvironment.start(environmentOptions)
        } catch {
            throw CommandFailure(error.description)
        }

        let predictor: PythonPredictor
        do {
            predictor = try PythonPredictor.load(reference: reference, mode: mode)
        } catch {
            throw setupFailure(error)
        }
        for warning in predictor.warnings { StandardStreams.writeError("cog: warning: \(warning)") }
        let inputs = try readInputs(for: predictor.interface)
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
            throw setupFailure(error)
        }
        let presenter = OutputPresenter(
            outputPath: options.output, defaultDestination: mode == .train ? "weights" : "output",
            jsonMode: options.json != nil, workingDirectory: workingDirectory)
        let outcome = predictor.predict(prepared, onOutputItem: presenter.outputItem)
        try presenter.present(outcome)
    }

    /// The REF argument (project root: the working directory), or the `run:`/`predict:`
    /// (`train:`) entry of the nearest cog.yaml (project root: its directory).
    private func resolveReference() throws -> (String, String, CogConfiguration?) {
        if let reference = options.reference {
            let configuration = try? CogConfiguration.find(file: options.configFile, from: workingDirectory)
            return (reference, workingDirectory, configuration?.projectDirectory == workingDirectory ? configuration?.configuration : nil)
        }
        let (projectDirectory, configuration) = try CogConfiguration.find(file: options.configFile, from: workingDirectory)
        if mode == .train {
            guard let train = configuration.train else { throw CommandFailure("\(options.configFile) has no train: entry") }
            return (train, projectDirectory, configuration)
        }
        return (try configuration.predictionReference(file: options.configFile), projectDirectory, configuration)
    }

    /// `environment:` from cog.yaml (when present), then `-e` flags, set before Python starts.
    private func applyEnvironment(_ configuration: CogConfiguration?) throws {
        var variables: [(String, String)] = try configuration?.environmentVariables() ?? []
        for entry in options.environment {
            guard let equals = entry.firstIndex(of: "=") else { throw CommandFailure("-e \(entry): expected NAME=value") }
            variables.append((String(entry[..<equals]), String(entry[entry.index(after: equals)...])))
        }
        for (name, value) in variables { setenv(name, value, 1) }
    }

    private func readInputs(for interface: PredictorInterface) throws -> [String: JSONValue] {
        let coercion = CLIInputCoercion(inputs: interface.inputs, workingDirectory: workingDirectory)
        let values: [String: JSONValue]
        if let json = options.json {
            values = try coercion.coerce(jsonDocument: try readJSONArgument(json))
        } else {
            values = try coercion.coerce(flags: options.inputs)
        }
        return try InputValidator(inputs: interface.inputs).validate(values)
    }

    private func readJSONArgument(_ argument: String) throws -> String {
        if argument == "-" || argument == "@-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("Failed to read JSON from stdin: not UTF-8") }
            return text
        }
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CommandFailure("Failed to read JSON from file \"\(path)\": cannot read the file")
            }
            return text
        }
        return argument
    }

    private func setupFailure(_ error: SetupError) -> CommandFailure {
        switch error {
        case .invalidPredictor(let message), .environment(let message):
            return CommandFailure(message)
        case .importFailed(let userError):
            return CommandFailure(userError.traceback.joined() + "Model setup failed: could not import the predictor: \(userError)")
        case .setupFailed(let userError):
            return CommandFailure(userError.traceback.joined() + "Model setup failed: \(userError)")
        }
    }
}
