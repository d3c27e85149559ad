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

    public init() {}
}

/// The embedded interpreter. Start it once per process, on the thread that will be Python's main
/// thread; the GIL is released when `start` returns, so use `Python.withGIL` for every call.
public final class PythonInterpreter: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `mainThreadState` is only touched by `runMain` on the main thread.
    private var mainThreadState: UnsafeMutablePointer<PyThreadState>?
    public let configuration: PythonConfiguration

    private init(configuration: PythonConfiguration, mainThreadState: UnsafeMutablePointer<PyThreadState>?) {
        self.configuration = configuration
        self.mainThreadState = mainThreadState
    }

    public static func start(_ configuration: PythonConfiguration) throws(PythonStartError) -> PythonInterpreter {
        guard !Python.isInitialized else { throw .alreadyStarted }
        try initialize(configuration)
        do {
            try bootstrap(configuration)
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

    private static func initialize(_ configuration: PythonConfiguration) throws(PythonStartError) {
        var config = PyConfig()
        PyConfig_InitIsolatedConfig(&config)
        defer { PyConfig_Clear(&config) }
        config.buffered_stdio = 0
        config.install_signal_handlers = configuration.installsSignalHandlers ? 1 : 0
        config.parse_argv = configuration.parsesArguments ? 1 : 0
        // Isolated mode would also drop the script directory from sys.path; `python FILE` users expect it.
        config.safe_path = configuration.parsesArguments ? 0 : 1
        var status = withUnsafeMutablePointer(to: &config) { pointer in
            PyConfig_SetBytesString(pointer, &pointer.pointee.program_name, configuration.arguments.first ?? "cog-host")
        }
        try check(status)
        status = withCStringArray(configuration.arguments) { argc, argv in
            PyConfig_SetBytesArgv(&config, argc, argv)
        }
        try check(status)
        status = Py_InitializeFromConfig(&config)
        try check(status)
    }

    private static func check(_ status: PyStatus) throws(PythonStartError) {
        guard PyStatus_Exception(status) != 0 else { return }
        let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
        throw .initializationFailed(message)
    }

    /// Orders `sys.path` (leading paths, then the stdlib, then the venv, then system site dirs) and
    /// gives the embedded interpreter a real `sys.executable` so subprocess/multiprocessing work.
    private static func bootstrap(_ configuration: PythonConfiguration) throws(PythonException) {
        let namespace = try PythonObject.dictionary()
        try namespace.setItem("__builtins__", try PythonObject.importModule("builtins"))
        let source = """
        import os, site, sys

        def _arrange(leading, venv_site, venv_python):
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
            if executable and not sys.executable:
                sys.executable = executable
                sys._base_executable = base if os.path.exists(base) else executable
        """
        _ = try PythonObject.checked(PyRun_StringFlags(source, Py_file_input, namespace.pointer, namespace.pointer, nil))
        let arrange = try namespace.item(try PythonObject(string: "_arrange"))
        let leading = try PythonObject.list(configuration.leadingPaths.map { (path: String) throws(PythonException) -> PythonObject in try PythonObject(string: path) })
        let venvSite = try configuration.virtualEnvironment.map { (venv: VirtualEnvironment) throws(PythonException) -> PythonObject in try PythonObject(string: venv.sitePackages) } ?? .none
        let venvPython = try configuration.virtualEnvironment?.interpreter.map { (path: String) throws(PythonException) -> PythonObject in try PythonObject(string: path) } ?? .none
        _ = try arrange.call(leading, venvSite, venvPython)
    }
}

/// Calls `body` with a C `argv` built from `strings`, valid for the duration of the call.
private func withCStringArray<R>(_ strings: [String], _ body: (Int, UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeBufferPointer { body(strings.count, $0.baseAddress!) }
}
