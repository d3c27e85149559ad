// The options `serve` and `queue worker` share: which predictor, its project and environment, where file outputs go.
import ArgumentParser

/// What both long-running commands take to start the predictor's worker process the same way.
struct PredictorProcessOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The predictor, as for run. Default: cog.yaml (run:/predict:, and train:).", valueName: "ref"))
    var reference: String?

    @Option(name: .customLong("upload-url"), help: "Upload file outputs with PUT <url>/<name> instead of returning data URLs.")
    var uploadURL: String?
    @Option(name: [.short, .customLong("file")], help: ArgumentHelp("The Cog configuration file.", valueName: "cog.yaml"))
    var configFile: String = "cog.yaml"
    @Option(name: [.short, .customLong("env")], help: ArgumentHelp("Set an environment variable for the predictor.", valueName: "NAME=value"))
    var environment: [String] = []
    @Option(name: .customLong("setup-timeout"), help: "Fail setup that takes longer than this many seconds.")
    var setupTimeout: Double?

    /// The worker process these options describe (`concurrency` overrides Cog's precedence).
    func plan(pythonEnvironment: EnvironmentOptions, concurrency: Int? = nil) throws -> PredictorWorkerPlan {
        try PredictorWorkerPlan.make(reference: reference, configFile: configFile, extraEnvironment: environment,
                                     setupTimeout: setupTimeout, pythonEnvironment: pythonEnvironment, concurrency: concurrency)
    }
}
