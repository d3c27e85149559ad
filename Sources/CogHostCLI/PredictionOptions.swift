// The flags shared by predict, run and train.
import ArgumentParser

struct PredictionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "The predictor: predict.py, predict.py:Predictor or file.py:function. Default: the run: (or predict:) entry of cog.yaml.",
        valueName: "ref"))
    var reference: String?

    @Option(name: [.short, .customLong("input")], help: ArgumentHelp(
        "An input as name=value; name=@file sends the file; repeat a name for a list. For Secret inputs, keep the value out of argv: name=@env:VAR (an environment variable), name=@- (read from stdin, not echoed), name=@path (the file's text).",
        valueName: "name=value"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp(
        "All inputs as one JSON object: inline, @file.json, or @- for stdin. Also prints the result as JSON.",
        valueName: "json"))
    var json: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the output to this file.", valueName: "path"))
    var output: String?

    @Option(name: [.short, .customLong("file")], help: ArgumentHelp("The Cog configuration file.", valueName: "cog.yaml"))
    var configFile: String = "cog.yaml"

    @Option(name: [.short, .customLong("env")], help: ArgumentHelp("Set an environment variable for the predictor.", valueName: "NAME=value"))
    var environment: [String] = []

    @OptionGroup(title: "Python environment") var pythonEnvironment: EnvironmentOptions
}
