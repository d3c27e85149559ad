// Starts the embedded interpreter the way every cog-host command needs it.
public import CogCore
public import CogEnvironment
import Foundation
public import PythonRuntime

/// The embedded Python of a cog-host process: hosted `cog` first on `sys.path`, then the project,
/// the stdlib, the user's virtualenv, and the system's site-packages; `cog.Secret` registered.
public enum CogPythonEnvironment {
    public struct Options: Sendable {
        /// The project root (the working directory): importable, as in Cog.
        public var projectDirectory: String
        /// Where the predictor file lives, to find a `.venv` beside it.
        public var predictorDirectory: String?
        /// `sys.argv`.
        public var arguments: [String] = ["cog-host"]
        /// Let Python parse `arguments` like the `python` command (for `cog-host python`).
        public var parsesArguments = false
        public var environment: [String: String] = ProcessInfo.processInfo.environment
        /// The CPython to embed (its libpython is loaded into this process).
        public var python: PythonInstallation

        public init(projectDirectory: String, predictorDirectory: String? = nil, python: PythonInstallation) {
            self.projectDirectory = projectDirectory
            self.predictorDirectory = predictorDirectory
            self.python = python
        }
    }

    /// A project's own `.venv` (beside the predictor, or in the project root), if it has one.
    public static func projectVirtualEnvironment(predictorDirectory: String?, projectDirectory: String) -> String? {
        VirtualEnvironment.locate(environment: [:], predictorDirectory: predictorDirectory, workingDirectory: projectDirectory)
    }

    public static func start(_ options: Options) throws(SetupError) -> PythonInterpreter {
        guard let pythonDirectory = HostedPackageLocator.pythonDirectory(environment: options.environment) else {
            throw .environment("cannot find the hosted cog package (python/cog); set COG_HOST_PYTHON_DIR to the directory that contains it")
        }
        let library = PythonLibrary(path: options.python.library, home: options.python.prefix,
                                    version: PythonVersion(major: options.python.major, minor: options.python.minor))
        var configuration = PythonConfiguration(library: library)
        configuration.arguments = options.arguments
        configuration.parsesArguments = options.parsesArguments
        // Cog puts only the project root on sys.path; the predictor's own directory comes after it so
        // `cog-host path/to/predict.py` can import its sibling modules from anywhere.
        var leading = [pythonDirectory]
        if !options.parsesArguments {
            leading.append(options.projectDirectory)
            if let predictorDirectory = options.predictorDirectory, !predictorDirectory.isEmpty {
                let absolute = predictorDirectory.hasPrefix("/") ? predictorDirectory : (options.projectDirectory as NSString).appendingPathComponent(predictorDirectory)
                let standardized = (absolute as NSString).standardizingPath
                if standardized != options.projectDirectory { leading.append(standardized) }
            }
        }
        configuration.leadingPaths = leading
        do {
            if let venv = VirtualEnvironment.locate(
                environment: options.environment, predictorDirectory: options.predictorDirectory,
                workingDirectory: options.projectDirectory) {
                configuration.virtualEnvironment = try VirtualEnvironment.load(root: venv, for: library)
            }
        } catch {
            throw .environment(error.description)
        }
        let interpreter: PythonInterpreter
        do {
            interpreter = try PythonInterpreter.start(configuration)
        } catch {
            throw .environment(error.description)
        }
        do {
            try Python.withGIL { try SecretRuntime.register() }
        } catch {
            throw .environment("cannot register cog.Secret: \(error)")
        }
        return interpreter
    }

    /// Starts Python with `options.arguments` parsed like the `python` command and runs it to the
    /// end (a script, `-c`, `-m`, or the REPL). Returns the exit status.
    public static func runMain(_ options: Options) throws(SetupError) -> Int32 {
        var options = options
        options.parsesArguments = true
        return try start(options).runMain()
    }
}
