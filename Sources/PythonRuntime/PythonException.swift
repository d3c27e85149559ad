// The one place a Python exception becomes a Swift value.
@preconcurrency import CPython

/// A Python exception, captured as plain values (type, message, traceback) plus the original
/// exception object so it can be raised again unchanged.
public struct PythonException: Error, CustomStringConvertible {
    /// The exception's type name, qualified unless it is a builtin (`ValueError`, `mymod.MyError`).
    public let typeName: String
    /// The class's own `__name__` (`MyError`), as Cog names a predictor's exception.
    public let name: String
    /// `str(exception)`.
    public let message: String
    /// `traceback.format_exception(...)` lines, each ending in a newline.
    public let traceback: [String]
    /// The exception instance itself.
    public let value: PythonObject?

    public init(typeName: String, name: String? = nil, message: String, traceback: [String] = [], value: PythonObject? = nil) {
        self.typeName = typeName
        self.name = name ?? String(typeName.split(separator: ".").last ?? Substring(typeName))
        self.message = message
        self.traceback = traceback
        self.value = value
    }

    /// `Type: message`, or just `Type` when the message is empty, as Python prints the last line.
    public var description: String { message.isEmpty ? typeName : "\(typeName): \(message)" }

    /// Whether the exception is an instance of the builtin `SystemExit`.
    public var isSystemExit: Bool {
        guard let value else { return false }
        return PyErr_GivenExceptionMatches(value.pointer, cpy_PyExc_SystemExit()) != 0
    }

    /// Whether the exception is an instance of the builtin `KeyboardInterrupt`.
    public var isKeyboardInterrupt: Bool {
        guard let value else { return false }
        return PyErr_GivenExceptionMatches(value.pointer, cpy_PyExc_KeyboardInterrupt()) != 0
    }

    /// Whether the exception is an instance of `type` (an exception class object).
    public func matches(_ type: PythonObject) -> Bool {
        guard let value else { return false }
        return PyErr_GivenExceptionMatches(value.pointer, type.pointer) != 0
    }

    /// Takes the pending Python error indicator and turns it into a value. Call right after a C
    /// API call failed, before anything else touches Python. Must hold the GIL.
    static func fetch() -> PythonException {
        var type: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        var traceback: UnsafeMutablePointer<PyObject>?
        PyErr_Fetch(&type, &value, &traceback)
        guard type != nil else {
            return PythonException(typeName: "SystemError", message: "a Python call failed without setting an exception")
        }
        PyErr_NormalizeException(&type, &value, &traceback)
        if let value, let traceback { PyException_SetTraceback(value, traceback) }
        let typeObject = PythonObject(stealing: type!)
        let valueObject = value.map { PythonObject(stealing: $0) }
        let tracebackObject = traceback.map { PythonObject(stealing: $0) }
        return describe(type: typeObject, value: valueObject, traceback: tracebackObject)
    }

    /// Describes an exception object that was caught in Python code (its `__traceback__` is used).
    public static func describing(_ exception: PythonObject) -> PythonException {
        let traceback = (try? exception.attribute("__traceback__")) ?? .none
        PyErr_Clear()
        return describe(type: exception.type, value: exception, traceback: traceback.isNone ? nil : traceback)
    }

    /// Re-raises this exception into Python (sets the error indicator).
    func restore() {
        if let value {
            PyErr_SetObject(value.type.pointer, value.pointer)
        } else {
            PyErr_SetString(cpy_PyExc_RuntimeError(), description)
        }
    }

    private static func describe(type: PythonObject, value: PythonObject?, traceback: PythonObject?) -> PythonException {
        let typeName = qualifiedTypeName(type)
        let name = (try? type.attribute("__name__").stringValue()) ?? typeName
        PyErr_Clear()
        let message = value.flatMap { safeString($0) } ?? ""
        var lines: [String] = []
        if let formatter = try? PythonObject.importModule("traceback").attribute("format_exception"),
           let formatted = try? formatter.call(type, value ?? .none, traceback ?? .none),
           let list = try? formatted.listOfStrings() {
            lines = list
        }
        PyErr_Clear()
        return PythonException(typeName: typeName, name: name, message: message, traceback: lines, value: value)
    }

    private static func qualifiedTypeName(_ type: PythonObject) -> String {
        let name = (try? type.attribute("__qualname__").stringValue()) ?? "Exception"
        let module = (try? type.attribute("__module__").stringValue()) ?? "builtins"
        PyErr_Clear()
        return module == "builtins" || module == "__main__" ? name : "\(module).\(name)"
    }

    private static func safeString(_ object: PythonObject) -> String? {
        guard let text = PyObject_Str(object.pointer) else {
            PyErr_Clear()
            return "<exception str() failed>"
        }
        return PythonObject(stealing: text).stringValueIfString()
    }
}
