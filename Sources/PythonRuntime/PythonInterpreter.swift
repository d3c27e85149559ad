// Starting the one embedded interpreter of this process (PyConfig, sys.path, venv, sys.executable).
@preconcurrency import CPython
import Foundation

/// How to start the interpreter.
public struct PythonConfiguration: Sendable {
    /// `sys.argv`; `arguments[0]` is the program name.
    public var arguments: [String] = ["cog-host"]
    /// Let Python parse `arguments` like the `python` command does (`-c`, `-m`, a file…), for
    /// `runMain()`.
    public var parsesArguments = false
    /// Install Python's SIGINT handler (KeyboardInterrupt) on this, the main, thread.
    public var installsSignalHandlers = true
    /// Put first on `sys.path`, in this order.
    public var leadingPaths: [String] = []
    public var virtualEnvironment: VirtualEnvironment?
    /// The libpython to load and its installation.
    public var library: PythonLibrary

    public init(library: PythonLibrary) {
        self.library = library
    }
}

/// The embedded interpreter. Start it once per process, on the thread that will be Python's main
/// thread; the GIL is released when `start` returns, so use `Python.withGIL` for every call.
public final class PythonInterpreter: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `mainThreadState` is only touched by `runMain` on the main thread.
    private var mainThreadState: OpaquePointer?
    public let configuration: PythonConfiguration

    private init(configuration: PythonConfiguration, mainThreadState: OpaquePointer?) {
        self.configuration = configuration
        self.mainThreadState = mainThreadState
    }

    public static func start(_ configuration: PythonConfiguration) throws(PythonStartError) -> PythonInterpreter {
        guard !Python.isInitialized else { throw .alreadyStarted }
        let hiddenHome = try initialize(configuration)
        do {
            try bootstrap(configuration, pythonHome: hiddenHome)
        } catch {
            throw .bootstrapFailed(error.description)
        }
        return PythonInterpreter(configuration: configuration, mainThreadState: PyEval_SaveThread())
    }

    /// Runs what the arguments say (`-c`, `-m`, a file, or the REPL) like `python` does, then
    /// finalizes the interpreter. Returns the process exit status.
    public func runMain() -> Int32 {
        PyEval_RestoreThread(mainThreadState)
        mainThreadState = nil
        return Py_RunMain()
    }

    /// Configures the interpreter the way the `python3` command configures itself, so the
    /// predictor sees the same text encodings and honours the same `PYTHON*` variables:
    ///
    /// - Pre-initialization with Python's own defaults (PEP 538/540): the locale comes from the
    ///   environment (`setlocale(LC_CTYPE, "")`; a Swift process never calls it, so without this
    ///   the C locale made every stream ASCII); a C or POSIX locale is coerced to C.UTF-8 and
    ///   turns on UTF-8 mode; `PYTHONUTF8`, `PYTHONCOERCECLOCALE`, `PYTHONMALLOC` apply.
    /// - The environment is read (`PYTHONIOENCODING`, `PYTHONDONTWRITEBYTECODE`, `PYTHONPATH`,
    ///   `PYTHONWARNINGS`, `PYTHONHASHSEED`, `PYTHONFAULTHANDLER`, …), except `PYTHONHOME`: the
    ///   standard library must be the one of the loaded libpython (`home` is set to its
    ///   installation), so the host hides it during start-up and puts it back into the
    ///   environment for child processes.
    /// - What stays the host's: C stdio is left alone, stdout/stderr are unbuffered (prints reach
    ///   the capture at once), signal handlers and argument parsing as configured, no path
    ///   warnings (the binary does not live beside a stdlib).
    /// Returns the `PYTHONHOME` that was hidden, for `bootstrap` to put back into `os.environ`.
    private static func initialize(_ configuration: PythonConfiguration) throws(PythonStartError) -> String? {
        try PythonLibrary.load(configuration.library)
        guard let layout = PythonConfigLayout.forVersion(configuration.library.version) else {
            throw .unsupportedVersion(configuration.library.version, path: configuration.library.path)
        }
        var preconfig = PyPreConfig()
        PyPreConfig_InitPythonConfig(&preconfig)
        preconfig.parse_argv = 0
        try check(Py_PreInitialize(&preconfig))

        let storage = UnsafeMutableRawPointer.allocate(byteCount: layout.size, alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: layout.size)
        let config = OpaquePointer(storage)
        defer { storage.deallocate() }
        PyConfig_InitPythonConfig(config)
        defer { PyConfig_Clear(config) }
        if let mismatch = layout.verify(storage) {
            throw .initializationFailed("the PyConfig layout of Python \(configuration.library.version) is not the one cog-host knows (\(mismatch)) in \(configuration.library.path)")
        }
        layout.setInt(storage, layout.bufferedStdio, 0)
        layout.setInt(storage, layout.configureCStdio, 0)
        layout.setInt(storage, layout.pathconfigWarnings, 0)
        layout.setInt(storage, layout.installSignalHandlers, configuration.installsSignalHandlers ? 1 : 0)
        layout.setInt(storage, layout.parseArguments, configuration.parsesArguments ? 1 : 0)
        // A predictor's imports must not pick up modules from the working directory by accident;
        // `python FILE` users expect the script's directory (and PYTHONSAFEPATH still applies).
        // 3.10 has no safe_path, and without Py_RunMain nothing puts a script directory first.
        if let safePath = layout.safePath { layout.setInt(storage, safePath, configuration.parsesArguments ? 0 : 1) }
        try check(PyConfig_SetBytesString(config, layout.stringField(storage, layout.programName), configuration.arguments.first ?? "cog-host"))
        // The installation's prefix: its stdlib, lib-dynload and site-packages, whatever the
        // binary's own location (uv's relocatable builds have no usable compiled-in prefix).
        try check(PyConfig_SetBytesString(config, layout.stringField(storage, layout.home), configuration.library.home))
        let status = withCStringArray(configuration.arguments) { argc, argv in
            PyConfig_SetBytesArgv(config, argc, argv)
        }
        try check(status)
        let pythonHome = getenv("PYTHONHOME").map { String(cString: $0) }
        if pythonHome != nil { unsetenv("PYTHONHOME") }
        let initialized = Py_InitializeFromConfig(config)
        if let pythonHome { setenv("PYTHONHOME", pythonHome, 1) }
        try check(initialized)
        return pythonHome
    }

    private static func check(_ status: PyStatus) throws(PythonStartError) {
        guard PyStatus_Exception(status) != 0 else { return }
        let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
        throw .initializationFailed(message)
    }

    /// Orders `sys.path` (leading paths, then the stdlib, then the venv, then system site dirs) and
    /// gives the embedded interpreter a real `sys.executable` so subprocess/multiprocessing work.
    private static func bootstrap(_ configuration: PythonConfiguration, pythonHome: String?) throws(PythonException) {
        let namespace = try PythonObject.dictionary()
        try namespace.setItem("__builtins__", try PythonObject.importModule("builtins"))
        let source = """
        import os, site, sys

        def _arrange(leading, venv_site, venv_python, python_home):
            if python_home is not None:
                os.environ["PYTHONHOME"] = python_home
            if venv_site:
                before = list(sys.path)
                site.addsitedir(venv_site)
                added = [p for p in sys.path if p not in before]
                rest = [p for p in sys.path if p in before]
                first_site = next((i for i, p in enumerate(rest) if p.endswith(("site-packages", "dist-packages"))), len(rest))
                sys.path[:] = rest[:first_site] + added + rest[first_site:]
            for path in reversed(leading):
                while path in sys.path:
                    sys.path.remove(path)
                sys.path.insert(0, path)
            base = os.path.join(sys.base_prefix, "bin", "python%d.%d" % sys.version_info[:2])
            executable = venv_python or (base if os.path.exists(base) else "")
            # Always: Python's own guess searches PATH for the program name (`python3` under
            # `cog-host python`) and may find another installation, whose children
            # (multiprocessing, subprocess of sys.executable) would run another version.
            if executable:
                sys.executable = executable
                sys._base_executable = base if os.path.exists(base) else executable
        """
        _ = try PythonObject.checked(PyRun_StringFlags(source, Py_file_input, namespace.pointer, namespace.pointer, nil))
        let arrange = try namespace.item(try PythonObject(string: "_arrange"))
        let leading = try PythonObject.list(configuration.leadingPaths.map { (path: String) throws(PythonException) -> PythonObject in try PythonObject(string: path) })
        let venvSite = try configuration.virtualEnvironment.map { (venv: VirtualEnvironment) throws(PythonException) -> PythonObject in try PythonObject(string: venv.sitePackages) } ?? .none
        let venvPython = try configuration.virtualEnvironment?.interpreter.map { (path: String) throws(PythonException) -> PythonObject in try PythonObject(string: path) } ?? .none
        let home = try pythonHome.map { (home: String) throws(PythonException) -> PythonObject in try PythonObject(string: home) } ?? .none
        _ = try arrange.call(leading, venvSite, venvPython, home)
    }
}

/// Calls `body` with a C `argv` built from `strings`, valid for the duration of the call.
private func withCStringArray<R>(_ strings: [String], _ body: (Int, UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeBufferPointer { body(strings.count, $0.baseAddress!) }
}
