// `cog-host worker`: the child process `serve` runs predictors in when the separate
// `cog-host-worker` executable was not built (`swift run cog-host` builds only this one).
import ArgumentParser
import CogPython

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
        let options = PythonWorker.Options(projectDirectory: project, predictReference: predict, trainReference: train, concurrency: concurrency)
        throw ExitCode(PythonWorker.runProcess(options))
    }
}
