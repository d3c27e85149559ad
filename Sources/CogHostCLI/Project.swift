// A Cog project as the CLI finds it: the predictor references, the root directory, the environment.
import CogCore
import CogEnvironment
import CogPython
import Foundation

/// Where a command's predictor comes from: an explicit REF (project root: the working
/// directory) or the nearest cog.yaml (project root: its directory).
struct Project {
    let directory: String
    let configuration: CogConfiguration?
    let configFile: String
    let explicitReference: String?

    static func locate(reference: String?, configFile: String, from workingDirectory: String) throws -> Project {
        if let reference {
            if reference.contains("=") { throw CommandFailure("Invalid image name '\(reference)'. Did you forget `-i`?") }
            let found = try? CogConfiguration.find(file: configFile, from: workingDirectory)
            let configuration = found?.projectDirectory == workingDirectory ? found?.configuration : nil
            return Project(directory: workingDirectory, configuration: configuration, configFile: configFile, explicitReference: reference)
        }
        let (directory, configuration) = try CogConfiguration.find(file: configFile, from: workingDirectory)
        return Project(directory: directory, configuration: configuration, configFile: configFile, explicitReference: nil)
    }

    /// The predictor reference for `mode`: the explicit REF, else `run:`/`predict:` or `train:`.
    func reference(for mode: PythonPredictor.Mode) throws -> String {
        if let explicitReference { return explicitReference }
        guard let configuration else { throw CommandFailure("\(configFile) not found in \(directory)") }
        if mode == .train {
            guard let train = configuration.train else { throw CommandFailure("\(configFile) has no train: entry") }
            return train
        }
        return try configuration.predictionReference(file: configFile)
    }

    /// Sets cog.yaml's `environment:` and the `-e` flags, and enters the project root (as Cog's
    /// container does).
    func prepareProcess(extraEnvironment: [String]) throws {
        var variables: [(String, String)] = try configuration?.environmentVariables() ?? []
        for entry in extraEnvironment {
            guard let equals = entry.firstIndex(of: "=") else { throw CommandFailure("-e \(entry): expected NAME=value") }
            variables.append((String(entry[..<equals]), String(entry[entry.index(after: equals)...])))
        }
        for (name, value) in variables { setenv(name, value, 1) }
        if directory != FileManager.default.currentDirectoryPath, !FileManager.default.changeCurrentDirectoryPath(directory) {
            throw CommandFailure("cannot enter the project directory \(directory)")
        }
    }

    /// `prepareProcess`, the project's Python environment (see `ProjectEnvironment`), then starts
    /// the embedded Python in this process.
    func startPython(predictorReference: String, extraEnvironment: [String], pythonEnvironment: EnvironmentOptions) throws {
        try prepareProcess(extraEnvironment: extraEnvironment)
        let predictorFile = String(predictorReference.split(separator: ":", maxSplits: 1).first ?? "")
        let predictorDirectory = ((predictorFile as NSString).deletingLastPathComponent as NSString).standardizingPath
        let python = try activateEnvironment(pythonEnvironment, predictorDirectory: predictorDirectory)
        var options = CogPythonEnvironment.Options(
            projectDirectory: directory,
            predictorDirectory: predictorDirectory,
            python: python.installation)
        options.environment = ProcessInfo.processInfo.environment
        do {
            _ = try CogPythonEnvironment.start(options)
            try PredictorStreams.install { text, source, writer in StandardStreams.predictorWrote(text, source: source, writer: writer) }
        } catch let error as SetupError {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("cannot install the predictor's output streams: \(error)")
        }
    }

    /// Chooses (and if need be makes) the environment the project runs in, and the Python it
    /// embeds; its failures are the command's, before anything of the predictor runs.
    @discardableResult
    func activateEnvironment(_ options: EnvironmentOptions, predictorDirectory: String?) throws -> PythonChoice {
        do {
            return try ProjectEnvironment(project: self, options: options).activate(predictorDirectory: predictorDirectory) { StandardStreams.writeError($0) }
        } catch {
            throw CommandFailure("cog-host: \(error)")
        }
    }

    /// Imports and introspects the predictor; load problems become CLI failures.
    func load(_ reference: String, mode: PythonPredictor.Mode) throws -> PythonPredictor {
        do {
            let predictor = try PythonPredictor.load(reference: reference, mode: mode)
            for warning in predictor.warnings { StandardStreams.writeError("cog: warning: \(warning)") }
            return predictor
        } catch {
            throw Self.setupFailure(error)
        }
    }

    static func setupFailure(_ error: SetupError) -> CommandFailure {
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
