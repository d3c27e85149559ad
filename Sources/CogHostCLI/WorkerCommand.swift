// `cog-host worker`: the child process `serve` runs predictors in (not for direct use).
import ArgumentParser
import CogPython
import CogWorker
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

    func run() throws {
        AllocatorTuning.keepLargeBuffersInTheHeap()
        // Predictors run in the project root, as in Cog's container.
        guard FileManager.default.changeCurrentDirectoryPath(project) else {
            FileHandle.standardError.write(Data("cog-host worker: cannot enter \(project)\n".utf8))
            throw ExitCode(1)
        }
        let worker = PythonWorker(
            channel: FrameChannel(descriptor: 3),
            options: PythonWorker.Options(projectDirectory: project, predictReference: predict, trainReference: train, concurrency: concurrency))
        throw ExitCode(worker.run())
    }
}
