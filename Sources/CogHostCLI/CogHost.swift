// The cog-host command line: subcommands and their wiring.
import ArgumentParser

@main
struct CogHost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cog-host",
        abstract: "Run Cog predictors without Docker, in an embedded Python.",
        discussion: """
        Prediction is the default command: `cog-host predict.py -i text=Hello` runs one prediction.
        """,
        subcommands: [PredictCommand.self, RunCommand.self, TrainCommand.self, ServeCommand.self, SchemaCommand.self, PythonCommand.self, EnvCommand.self, WorkerCommand.self, QueueCommand.self],
        defaultSubcommand: PredictCommand.self
    )
}

// Every command runs synchronously on the process's main thread: it is Python's main thread
// (signals, Ctrl-C and cancelation need that), and `serve` blocks it while its server runs.
