// `cog-host python`: the embedded interpreter, with the hosted `cog` importable.
import ArgumentParser
import CogEnvironment
import CogPython
import Foundation

struct PythonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "python",
        abstract: "Run the embedded Python (with the hosted cog package): -c CODE, -m MODULE, FILE, or a REPL.")

    @Argument(parsing: .captureForPassthrough, help: "Arguments for Python, as for the python command.")
    var arguments: [String] = []

    func run() throws {
        // Inside a project, its environment (managed or explicit) and Python, as for run; outside
        // one, the same choice without a cog.yaml.
        let workingDirectory = FileManager.default.currentDirectoryPath
        let project = (try? Project.locate(reference: nil, configFile: "cog.yaml", from: workingDirectory))
            ?? Project(directory: workingDirectory, configuration: nil, configFile: "cog.yaml", explicitReference: nil)
        let python: PythonChoice
        do {
            python = try project.activateEnvironment(try EnvironmentOptions.parse([]), predictorDirectory: nil)
        } catch let failure as CommandFailure {
            StandardStreams.writeError(failure.message)
            throw ExitCode(1)
        }
        var options = CogPythonEnvironment.Options(projectDirectory: workingDirectory, python: python.installation)
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
