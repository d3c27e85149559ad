// Which Python environment a project runs in, and making it: an explicit virtualenv as it is,
// else the managed environment cog.yaml's build: section declares.
import CogEnvironment
import CogPython
import Foundation

struct ProjectEnvironment {
    let request: EnvironmentRequest
    let options: EnvironmentOptions
    let environment: [String: String]

    init(project: Project, options: EnvironmentOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var request = EnvironmentRequest(projectDirectory: project.directory)
        if let build = project.configuration?.build {
            request.pythonPackages = build.pythonPackages ?? []
            request.requirementsFile = build.pythonRequirements
            request.pythonVersion = build.pythonVersion
            request.systemPackages = build.systemPackages ?? []
            request.runCommands = (build.run ?? []).map(\.command)
            request.gpu = build.gpu ?? false
            request.cuda = build.cuda
        }
        self.request = request
        self.options = options
        self.environment = environment
    }

    /// What is chosen, and why.
    enum Choice {
        /// `--venv`, `$VIRTUAL_ENV` or a project `.venv`: used as it is.
        case explicit(path: String, why: String)
        /// `--no-env`/`COG_HOST_NO_ENV`, or cog.yaml declares no packages: the system's Python.
        case none(why: String)
        case managed(ManagedEnvironment)
    }

    func choose(predictorDirectory: String? = nil) throws(EnvironmentError) -> Choice {
        if let venv = options.venv {
            return .explicit(path: ProjectRequirements.absolute(venv, relativeTo: FileManager.default.currentDirectoryPath), why: "--venv")
        }
        if let active = environment["VIRTUAL_ENV"], !active.isEmpty { return .explicit(path: active, why: "$VIRTUAL_ENV") }
        if let found = CogPythonEnvironment.projectVirtualEnvironment(predictorDirectory: predictorDirectory, projectDirectory: request.projectDirectory) {
            return .explicit(path: found, why: "the project's .venv")
        }
        if options.noEnvironment || ["1", "true", "yes"].contains(environment["COG_HOST_NO_ENV"]?.lowercased() ?? "") {
            return .none(why: "--no-env")
        }
        guard request.declaresPackages else { return .none(why: "cog.yaml declares no python_packages or python_requirements") }
        let interpreter = try BaseInterpreter.find(version: CogPythonEnvironment.embeddedVersion, environment: environment)
        return .managed(try ManagedEnvironment(request: request, interpreter: interpreter,
                                               cache: ManagedEnvironment.cacheDirectory(option: options.cache, environment: environment)))
    }

    /// Reports what cog.yaml asks that cog-host does not do, chooses the environment, makes a
    /// managed one if needed, and points `VIRTUAL_ENV` at the result for this process and the
    /// ones it starts. `report` gets each line for stderr.
    func activate(predictorDirectory: String? = nil, report: (String) -> Void) throws(EnvironmentError) {
        for line in notes() { report(line) }
        switch try choose(predictorDirectory: predictorDirectory) {
        case .none:
            return
        case .explicit(let path, let why):
            if request.declaresPackages, let requirements = try? ProjectRequirements.read(request) {
                let missing = ExplicitEnvironmentCheck.missingPins(requirements.pins, in: path)
                if !missing.isEmpty {
                    report("cog-host: warning: the virtualenv \(path) (\(why)) lacks \(missing.joined(separator: ", ")) pinned in \(requirements.origin); it is used as it is")
                }
            }
            setenv("VIRTUAL_ENV", path, 1)
        case .managed(let managed):
            // What the requirements' reading found is said when the environment is made, not
            // at every start that uses it.
            for warning in managed.isBuilt ? [] : managed.requirements.warnings { report(warning) }
            for line in managed.isBuilt ? [] : managed.requirements.lines where Self.isCUDAPackage(line) {
                report("cog-host: installing \(CredentialMask.mask(line)) as pinned (Cog would install its CUDA build; a GPU host needs the CUDA wheel's index in requirements.txt, e.g. --extra-index-url https://download.pytorch.org/whl/cu121)")
            }
            let installer = Installer.find(environment: environment, showsProgress: isatty(STDERR_FILENO) == 1)
            let path = try managed.prepare(installer: installer) { report("cog-host: environment: " + $0) }
            setenv("VIRTUAL_ENV", path, 1)
            if options.runsBuildCommands { try BuildCommands.runOnce(request.runCommands, in: path, projectDirectory: request.projectDirectory, report: report) }
        }
    }

    /// One line each for what cog-host notes instead of doing: another Python version, missing
    /// system packages, build commands it does not run, a GPU.
    func notes() -> [String] {
        var lines: [String] = []
        if let asked = request.pythonVersion {
            let parts = asked.split(separator: ".")
            let minor = parts.count >= 2 ? "\(parts[0]).\(parts[1])" : asked
            if minor != CogPythonEnvironment.embeddedVersion {
                lines.append("cog-host: warning: cog.yaml asks for Python \(asked); cog-host embeds Python \(CogPythonEnvironment.embeddedVersion) and runs the project on it")
            }
        }
        let missing = SystemPackages.missing(request.systemPackages)
        if !missing.isEmpty {
            lines.append("cog-host: warning: cog.yaml's system_packages are not installed: \(missing.joined(separator: " ")) (apt-get install -y \(missing.joined(separator: " ")))")
        }
        if !request.runCommands.isEmpty, !options.runsBuildCommands {
            lines.append("cog-host: note: cog.yaml's build.run commands are not run (--run-build-commands runs them in the managed environment, once): " + request.runCommands.map { CredentialMask.mask($0) }.joined(separator: "; "))
        }
        if request.gpu {
            lines.append("cog-host: note: cog.yaml asks for a GPU\(request.cuda.map { " (CUDA \($0))" } ?? ""); cog-host runs without a CUDA image: CUDA builds of torch find a GPU themselves")
        }
        return lines
    }

    static func isCUDAPackage(_ line: String) -> Bool {
        guard let name = ProjectRequirements.distributionName(line), line.contains("==") else { return false }
        return ["torch", "torchvision", "torchaudio", "tensorflow"].contains(name)
    }
}
