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
        /// Made (or to be made) with `python`, the interpreter it runs on.
        case managed(ManagedEnvironment, python: PythonChoice)
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
        let python = try basePython()
        return .managed(try ManagedEnvironment(request: request, interpreter: python.installation,
                                               cache: ManagedEnvironment.cacheDirectory(option: options.cache, environment: environment)),
                        python: python)
    }

    /// The Python asked for apart from any virtualenv: `--python`/`COG_HOST_PYTHON` (a path or a
    /// version), else cog.yaml's `build.python_version`, else the system's python3. Managed
    /// environments are made with it.
    func basePython() throws(EnvironmentError) -> PythonChoice {
        let search = PythonInstallationSearch(environment: environment)
        let asked = request.pythonVersion.map { "cog.yaml's build.python_version \"\($0)\"" }
        if let (value, origin) = explicitPython {
            let installation = try search.find(explicit: value, origin: origin)
            var notes: [String] = []
            if let version = request.pythonVersion, PythonInstallation.minorVersion(of: version) != installation.version {
                notes.append("cog-host: warning: cog.yaml asks for Python \(version); \(origin) chooses Python \(installation.fullVersion), which runs the project")
            }
            return PythonChoice(installation: installation, reason: "\(origin) \(value)", notes: notes)
        }
        if let version = request.pythonVersion, let asked {
            return PythonChoice(installation: try search.find(version: version, purpose: asked), reason: asked)
        }
        return PythonChoice(installation: try search.findDefault(), reason: "no version asked for: the system's python3")
    }

    /// `--python`, else `COG_HOST_PYTHON`, with the name to cite.
    var explicitPython: (String, String)? {
        if let python = options.python, !python.isEmpty { return (python, "--python") }
        if let python = environment["COG_HOST_PYTHON"], !python.isEmpty { return (python, "COG_HOST_PYTHON") }
        return nil
    }

    /// The Python of the virtualenv at `path` (its pyvenv.cfg's home); `--python` or cog.yaml
    /// asking for another version is said, not obeyed: the virtualenv's packages are built for
    /// its own Python.
    func python(ofVirtualEnvironment path: String, why: String) throws(EnvironmentError) -> PythonChoice {
        let search = PythonInstallationSearch(environment: environment)
        let installation = try search.find(virtualEnvironment: path)
        var notes: [String] = []
        if let (value, origin) = explicitPython {
            let explicitVersion = value.contains("/") ? (try? search.find(explicit: value, origin: origin))?.version : PythonInstallation.minorVersion(of: value)
            if let explicitVersion, explicitVersion != installation.version {
                notes.append("cog-host: warning: \(origin) \(value) is Python \(explicitVersion), not the Python of the virtualenv \(path) (\(why), Python \(installation.fullVersion)), which runs the project")
            }
        }
        if let version = request.pythonVersion, PythonInstallation.minorVersion(of: version) != installation.version {
            notes.append("cog-host: warning: cog.yaml asks for Python \(version); the virtualenv \(path) (\(why)) is Python \(installation.fullVersion), which runs the project")
        }
        return PythonChoice(installation: installation, reason: "the virtualenv \(path) (\(why)): its pyvenv.cfg's home", notes: notes)
    }

    /// Reports what cog.yaml asks that cog-host does not do, chooses the environment, makes a
    /// managed one if needed, and points `VIRTUAL_ENV` at the result for this process and the
    /// ones it starts. `report` gets each line for stderr. Returns the Python to embed.
    @discardableResult
    func activate(predictorDirectory: String? = nil, report: (String) -> Void) throws(EnvironmentError) -> PythonChoice {
        for line in notes() { report(line) }
        let choice: PythonChoice
        switch try choose(predictorDirectory: predictorDirectory) {
        case .none:
            choice = try basePython()
        case .explicit(let path, let why):
            if request.declaresPackages, let requirements = try? ProjectRequirements.read(request) {
                let missing = ExplicitEnvironmentCheck.missingPins(requirements.pins, in: path)
                if !missing.isEmpty {
                    report("cog-host: warning: the virtualenv \(path) (\(why)) lacks \(missing.joined(separator: ", ")) pinned in \(requirements.origin); it is used as it is")
                }
            }
            setenv("VIRTUAL_ENV", path, 1)
            choice = try python(ofVirtualEnvironment: path, why: why)
        case .managed(let managed, let python):
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
            // Made with `python`: its choice (and what it said) stands, no pyvenv.cfg to read again.
            choice = python
        }
        for note in choice.notes { report(note) }
        return choice
    }

    /// One line each for what cog-host notes instead of doing: missing system packages, build
    /// commands it does not run, a GPU.
    func notes() -> [String] {
        var lines: [String] = []
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
