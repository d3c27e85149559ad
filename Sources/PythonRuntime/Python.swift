// The GIL scope every Python call runs in, and small process-wide facts about the interpreter.
@preconcurrency import CPython

/// Entry point for running Swift code that touches Python.
public enum Python {
    /// Runs `body` holding the GIL. Synchronous on purpose: the GIL must never be held across an
    /// `await`. Nested calls on the same thread are fine (`PyGILState_Ensure` is reentrant).
    public static func withGIL<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let state = PyGILState_Ensure()
        defer { PyGILState_Release(state) }
        return try body()
    }

    /// Debug builds stop here when the calling thread does not hold the GIL: the safety of
    /// `PythonObject` (and of every Swift type that keeps Python state) rests on it. Release
    /// builds check nothing.
    @inline(__always)
    public static func assertGILHeld(_ what: @autoclosure () -> String = "Python", file: StaticString = #fileID, line: UInt = #line) {
        #if DEBUG
        assert(PyGILState_Check() != 0, "\(what()) used without the GIL", file: file, line: line)
        #endif
    }

    /// Whether the interpreter has been started in this process.
    public static var isInitialized: Bool { PythonLibrary.current != nil && Py_IsInitialized() != 0 }

    /// Runs Python source in `__main__`'s namespace. For bootstrapping and tests.
    public static func run(_ source: String) throws(PythonException) {
        let main = try PythonObject.importModule("__main__")
        let globals = try main.attribute("__dict__")
        let result = PyRun_StringFlags(source, Py_file_input, globals.pointer, globals.pointer, nil)
        _ = try PythonObject.checked(result)
    }

    /// Evaluates a Python expression in `__main__`'s namespace.
    public static func evaluate(_ expression: String) throws(PythonException) -> PythonObject {
        let main = try PythonObject.importModule("__main__")
        let globals = try main.attribute("__dict__")
        return try PythonObject.checked(PyRun_StringFlags(expression, Py_eval_input, globals.pointer, globals.pointer, nil))
    }
}

/// A Python `major.minor` version.
public struct PythonVersion: Equatable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public var description: String { "\(major).\(minor)" }
}
