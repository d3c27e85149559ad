// The flags that choose the Python environment a project runs in (run, predict, train, serve,
// schema, env).
import ArgumentParser

struct EnvironmentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run in this virtualenv as it is (no managed environment).", valueName: "path"))
    var venv: String?

    @Flag(name: .customLong("no-env"), help: "Do not make or use a managed environment from cog.yaml's build: section (also COG_HOST_NO_ENV=1).")
    var noEnvironment = false

    @Option(name: .customLong("env-cache"), help: ArgumentHelp(
        "Where managed environments live (default: $COG_HOST_ENV_CACHE, else $XDG_CACHE_HOME/cog-host/envs, else ~/.cache/cog-host/envs).",
        valueName: "dir"))
    var cache: String?

    @Option(name: .customLong("python"), help: ArgumentHelp(
        "The CPython to embed: an interpreter's path, or a version such as 3.12 (also $COG_HOST_PYTHON). Default: an explicit virtualenv's, else cog.yaml's build.python_version, else the system's python3.",
        valueName: "path|version"))
    var python: String?

    @Flag(name: .customLong("run-build-commands"), help: "Run cog.yaml's build.run commands in the managed environment (once per environment).")
    var runsBuildCommands = false

    /// The same choices as `cog-host worker` arguments, for the worker `serve` starts.
    var workerArguments: [String] {
        var arguments: [String] = []
        if let venv { arguments += ["--venv", venv] }
        if noEnvironment { arguments.append("--no-env") }
        if let cache { arguments += ["--env-cache", cache] }
        if runsBuildCommands { arguments.append("--run-build-commands") }
        if let python { arguments += ["--python", python] }
        return arguments
    }
}
