// `cog-host predict` (the default command), `cog-host run` and `cog-host train`.
import ArgumentParser
import CogPython
import Foundation

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run one prediction (Cog's older name for run).")

    @OptionGroup var options: PredictionOptions

    func run() throws {
        // Cog warns on the explicit `predict` spelling; `cog-host predict.py …` is the default command.
        if CommandLine.arguments.dropFirst().first == "predict" {
            StandardStreams.writeError("\"cog predict\" is deprecated, use \"cog run\"")
        }
        try FailureReporting.run { try PredictionSession(options: options, mode: .predict).run() }
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one prediction.")

    @OptionGroup var options: PredictionOptions

    func run() throws {
        try FailureReporting.run { try PredictionSession(options: options, mode: .predict).run() }
    }
}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Run one training (the train: entry of cog.yaml). Output goes to the file `weights` unless -o says otherwise.")

    @OptionGroup var options: PredictionOptions

    func run() throws {
        StandardStreams.writeError("Command \"train\" is deprecated, the train command will be removed in a future version of Cog")
        try FailureReporting.run { try PredictionSession(options: options, mode: .train).run() }
    }
}
