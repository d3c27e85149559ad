// A Python exception that Swift code wants to raise from a native method or slot.
@preconcurrency import CPython

/// Thrown by Swift implementations of native methods; the trampoline raises it in Python.
public struct PythonRaise: Error {
    public enum Kind: Sendable {
        case typeError, valueError, attributeError, runtimeError, keyError, indexError
    }

    enum Target {
        case builtin(Kind)
        case object(PythonObject)
    }

    let target: Target
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.target = .builtin(kind)
        self.message = message
    }

    /// Raises an instance of the given exception class, e.g. `dataclasses.FrozenInstanceError`.
    public init(type: PythonObject, _ message: String) {
        self.target = .object(type)
        self.message = message
    }

    /// Sets the Python error indicator. Must hold the GIL.
    func raise() {
        switch target {
        case .builtin(let kind):
            PyErr_SetString(Self.exceptionType(kind), message)
        case .object(let type):
            PyErr_SetString(type.pointer, message)
        }
    }

    private static func exceptionType(_ kind: Kind) -> UnsafeMutablePointer<PyObject> {
        switch kind {
        case .typeError: return cpy_PyExc_TypeError()
        case .valueError: return cpy_PyExc_ValueError()
        case .attributeError: return cpy_PyExc_AttributeError()
        case .runtimeError: return cpy_PyExc_RuntimeError()
        case .keyError: return cpy_PyExc_KeyError()
        case .indexError: return cpy_PyExc_IndexError()
        }
    }
}

/// Turns any Swift error thrown by native code into a pending Python exception.
func raiseInPython(_ error: any Error) {
    switch error {
    case let raise as PythonRaise: raise.raise()
    case let exception as PythonException: exception.restore()
    default: PyErr_SetString(cpy_PyExc_RuntimeError(), String(describing: error))
    }
}
