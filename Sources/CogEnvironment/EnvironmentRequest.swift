// What a project's cog.yaml `build:` section asks of the Python environment it runs in.

/// The parts of `build:` that decide a managed environment, and the rest, which cog-host
/// checks or reports instead of doing (system packages, build commands, GPU).
public struct EnvironmentRequest: Sendable, Equatable {
    /// The project root: `python_requirements` and relative paths are read from here.
    public var projectDirectory: String
    /// `build.python_packages`: requirement lines given in cog.yaml.
    public var pythonPackages: [String] = []
    /// `build.python_requirements`: a requirements file, relative to the project root.
    public var requirementsFile: String?
    /// `build.python_version` ("3.12", "3.12.4"), if given.
    public var pythonVersion: String?
    /// `build.system_packages`: Debian packages Cog's image would install with apt.
    public var systemPackages: [String] = []
    /// `build.run`: commands Cog's build would run in the image.
    public var runCommands: [String] = []
    public var gpu = false
    public var cuda: String?

    public init(projectDirectory: String) {
        self.projectDirectory = projectDirectory
    }

    /// Whether the project declares Python packages at all (else no managed environment).
    public var declaresPackages: Bool { !pythonPackages.isEmpty || requirementsFile != nil }
}
