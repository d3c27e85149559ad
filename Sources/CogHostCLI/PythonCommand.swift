// `cog-host python`: the embedded interpreter, with the hosted `cog` importable.
import ArgumentParser
import CogPython
import Foundation

struct PythonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "python",
        abstract: "Run the embedded Python (with the hosted cog package): -c CODE, -m MODULE, FILE, or a REPL.")

    @Argument(parsing: .captureForPassthrough, help: "Arguments for Python, as for the python command.")
    var arguments: [String] = []

    func run() throws {
        var options = CogPythonEnvironment.Options(projectDirectory: FileManager.default.currentDirectoryPath)
        options.arguments = ["python3"] + arguments
        let status: Int32
        do {
            status = try CogPythonEnvironment.runMain(options)
        } catch {
            StandardStreams.writeError(String(describing: error))
            throw ExitCode(1)
        }
        throw ExitCode(status)
    }
}
