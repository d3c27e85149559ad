// `cog-host env`: the managed environment of the project in the working directory.
import ArgumentParser
import CogEnvironment
import CogPython
import Foundation

struct EnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "The Python environment cog.yaml's build: section declares: build, path, show, clean.",
        discussion: """
        When cog.yaml declares build.python_packages or build.python_requirements, run, predict, \
        train, serve, schema and python use a virtualenv made from exactly those requirements (plus \
        what Cog's SDK depends on), made on first use and cached outside the project. `env build` \
        makes it now (in a container build or a CI step); `source "$(cog-host env path)/bin/activate"` \
        activates it.
        """,
        subcommands: [Build.self, Path.self, Show.self, Clean.self])

    struct Selection: ParsableArguments {
        @Option(name: [.short, .customLong("file")], help: ArgumentHelp("The Cog configuration file.", valueName: "cog.yaml"))
        var configFile: String = "cog.yaml"

        @OptionGroup(title: "Python environment") var pythonEnvironment: EnvironmentOptions

        func environment() throws -> ProjectEnvironment {
            let project = try Project.locate(reference: nil, configFile: configFile, from: FileManager.default.currentDirectoryPath)
            return ProjectEnvironment(project: project, options: pythonEnvironment)
        }

        func managed() throws -> ManagedEnvironment {
            switch try environment().choose() {
            case .managed(let managed, _): return managed
            case .explicit(let path, let why): throw CommandFailure("no managed environment: \(why) chooses \(path)")
            case .none(let why): throw CommandFailure("no managed environment: \(why)")
            }
        }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make the environment now (nothing happens if it is made).")
        @OptionGroup var selection: Selection

        func run() throws {
            try FailureReporting.run {
                let managed = try selection.managed()
                try selection.environment().activate { StandardStreams.writeError($0) }
                print(managed.path)
            }
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the environment's path, making it first if need be.")
        @OptionGroup var selection: Selection

        func run() throws {
            try FailureReporting.run {
                let managed = try selection.managed()
                if !managed.isBuilt { try selection.environment().activate { StandardStreams.writeError($0) } }
                print(managed.path)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What cog.yaml asks for, what is installed, what is missing.")
        @OptionGroup var selection: Selection

        func run() throws {
            try FailureReporting.run {
                let environment = try selection.environment()
                let request = environment.request
                var lines = ["project: \(request.projectDirectory)"]
                if let file = request.requirementsFile { lines.append("python_requirements: \(file)") }
                if !request.pythonPackages.isEmpty { lines.append("python_packages: \(request.pythonPackages.map(CredentialMask.mask).joined(separator: ", "))") }
                lines.append("python_version: \(request.pythonVersion ?? "(not set)")")
                let python: PythonChoice
                switch try environment.choose() {
                case .explicit(let path, let why):
                    python = try environment.python(ofVirtualEnvironment: path, why: why)
                    lines.append("environment: \(path) (\(why), used as it is)")
                case .none(let why):
                    python = try environment.basePython()
                    lines.append("environment: none (\(why))")
                case .managed(let managed, let base):
                    python = base
                    lines.append("environment: \(managed.path) (managed, \(managed.isBuilt ? "made" : "not made yet: cog-host env build"))")
                    lines.append("requirements:")
                    lines += managed.requirements.lines.map { "  " + CredentialMask.mask($0) }
                    lines.append("  (and Cog's SDK's: \(CogSDKRequirements.lines.joined(separator: ", ")))")
                    if managed.isBuilt {
                        let missing = ExplicitEnvironmentCheck.missingPins(managed.requirements.pins, in: managed.path)
                        lines.append("missing pins: \(missing.isEmpty ? "none" : missing.joined(separator: ", "))")
                    }
                    for warning in managed.requirements.warnings { lines.append(warning) }
                }
                if !request.systemPackages.isEmpty {
                    let missing = SystemPackages.missing(request.systemPackages)
                    lines.append("system_packages: \(request.systemPackages.joined(separator: " ")); missing: \(missing.isEmpty ? "none" : missing.joined(separator: " "))")
                }
                lines.insert(contentsOf: [
                    "python: \(python.installation.fullVersion) (\(python.reason))",
                    "interpreter: \(python.installation.executable) (\(python.installation.origin))",
                    "libpython: \(python.installation.library)",
                ], at: 1)
                lines += python.notes
                lines += environment.notes()
                print(lines.joined(separator: "\n"))
            }
        }
    }

    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the project's environment (--all: every environment in the cache).")
        @OptionGroup var selection: Selection
        @Flag(help: "Remove every managed environment in the cache.") var all = false

        func run() throws {
            try FailureReporting.run {
                if all {
                    let cache = ManagedEnvironment.cacheDirectory(option: selection.pythonEnvironment.cache, environment: ProcessInfo.processInfo.environment)
                    try? FileManager.default.removeItem(atPath: cache)
                    print("removed \(cache)")
                    return
                }
                let managed = try selection.managed()
                for suffix in ["", ".building", ".lock"] { try? FileManager.default.removeItem(atPath: managed.path + suffix) }
                print("removed \(managed.path)")
            }
        }
    }
}
