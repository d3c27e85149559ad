// `cog-host-worker`: the process `cog-host serve` runs predictors in. A small executable of its
// own (no HTTP server, HTTP client or command-line parser linked in): about 6 MiB less resident
// than a second `cog-host`, and quicker to start. Its one argument is the worker's options as
// JSON (`PythonWorker.Options`), written by the server; it is not meant to be run by hand.
import CogPython
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 2, let options = try? JSONDecoder().decode(PythonWorker.Options.self, from: Data(arguments[1].utf8)) else {
    FileHandle.standardError.write(Data("usage: cog-host-worker '<options as JSON>' (started by cog-host serve, with its socket on fd 3)\n".utf8))
    exit(2)
}
exit(PythonWorker.runProcess(options))
