// `cog-host worker`: the child process `serve` runs predictors in (not for direct use).
import ArgumentParser
import CogEnvironment
import CogPython
import CogWorkerProtocol
import Foundation

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run predictors for a cog-host server over the socket on fd 3 (started by serve).",
        shouldDisplay: false)

    @Option(help: "The project root.") var project: String
    @Option(help: "The predictor reference for /predictions.") var predict: String?
    @Option(help: "The predictor reference for /trainings.") var train: String?
    @Option(help: "How many predictions of an async predictor may run at once.") var concurrency: Int = 1
    @Option(name: .customLong("config-file"), help: "The project's cog.yaml (for its build: section).") var configFile: String?
    @OptionGroup var pythonEnvironment: EnvironmentOptions

    func run() throws {
        AllocatorTuning.keepLargeBuffersInTheHeap()
        // Predictors run in the project root, as in Cog's container.
        guard FileManager.default.changeCurrentDirectoryPath(project) else {
            FileHandle.standardError.write(Data("cog-host worker: cannot enter \(project)\n".utf8))
            throw ExitCode(1)
        }
        let configuration = try configFile.map { try CogConfiguration.find(file: $0, from: project).configuration }
        let environment = ProjectEnvironment(
            project: Project(directory: project, configuration: configuration, configFile: configFile ?? "cog.yaml", explicitReference: nil),
            options: pythonEnvironment)
        let options = PythonWorker.Options(
            projectDirectory: project, predictReference: predict, trainReference: train, concurrency: concurrency
        ) { predictorDirectory in
            try environment.activate(predictorDirectory: predictorDirectory) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }.installation
        }
        let worker = PythonWorker(channel: FrameChannel(descriptor: 3), options: options)
        throw ExitCode(worker.run())
    }
}
