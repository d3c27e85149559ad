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
        // Inside a project, its environment (managed or explicit), as for run.
        if let project = try? Project.locate(reference: nil, configFile: "cog.yaml", from: FileManager.default.currentDirectoryPath) {
            do {
                try project.activateEnvironment(try EnvironmentOptions.parse([]), predictorDirectory: nil)
            } catch let failure as CommandFailure {
                StandardStreams.writeError(failure.message)
                throw ExitCode(1)
            }
        }
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
