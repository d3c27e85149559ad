// How `serve` starts its worker processes: the `cog-host-worker` executable, or `cog-host worker`.
import CogPython
import Foundation

/// The command line of a worker process. `cog-host-worker`, built beside `cog-host` (by
/// `swift build`, `swift test` and `bench/run`), is preferred: it links neither the HTTP stack
/// nor the argument parser, so each worker keeps about 6 MiB less resident and starts sooner.
/// `swift run cog-host` builds only `cog-host`; then the worker is `cog-host worker`, the same
/// code behind a subcommand.
struct WorkerLaunch {
    static let executableName = "cog-host-worker"

    let executable: String
    let arguments: [String]

    init(options: PythonWorker.Options, hostExecutable: String) throws {
        let dedicated = ((hostExecutable as NSString).deletingLastPathComponent as NSString).appendingPathComponent(Self.executableName)
        if FileManager.default.isExecutableFile(atPath: dedicated) {
            executable = dedicated
            arguments = [String(decoding: try JSONEncoder().encode(options), as: UTF8.self)]
        } else {
            executable = hostExecutable
            var arguments = ["worker", "--project", options.projectDirectory]
            if let reference = options.predictReference { arguments += ["--predict", reference] }
            if let reference = options.trainReference { arguments += ["--train", reference] }
            self.arguments = arguments + ["--concurrency", String(options.concurrency)]
        }
    }
}
