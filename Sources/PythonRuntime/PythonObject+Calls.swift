// Attribute access, calls, imports and item access on Python objects.
@preconcurrency import CPython

extension PythonObject {
    /// `import name` (the module object).
    public static func importModule(_ name: String) throws(PythonException) -> PythonObject {
        try checked(PyImport_ImportModule(name))
    }

    /// `getattr(self, name)`.
    public func attribute(_ name: String) throws(PythonException) -> PythonObject {
        try .checked(PyObject_GetAttrString(pointer, name))
    }

    /// `hasattr(self, name)`, never raising.
    public func hasAttribute(_ name: String) -> Bool {
        PyObject_HasAttrString(pointer, name) != 0
    }

    /// `setattr(self, name, value)`.
    public func setAttribute(_ name: String, _ value: PythonObject) throws(PythonException) {
        if PyObject_SetAttrString(pointer, name, value.pointer) != 0 { throw PythonException.fetch() }
    }

    /// `self(*arguments)`.
    public func call(_ arguments: PythonObject...) throws(PythonException) -> PythonObject {
        try call(arguments: arguments, keywords: [])
    }

    /// `self(*arguments, **keywords)`, keywords in the given order.
    public func call(arguments: [PythonObject], keywords: [(String, PythonObject)]) throws(PythonException) -> PythonObject {
        let tuple = try PythonObject.tuple(arguments)
        var kwargs: PythonObject?
        if !keywords.isEmpty {
            let dict = try PythonObject.dictionary()
            for (key, value) in keywords { try dict.setItem(key, value) }
            kwargs = dict
        }
        return try .checked(PyObject_Call(pointer, tuple.pointer, kwargs?.pointer))
    }

    /// `self.name(*arguments)`.
    public func callMethod(_ name: String, _ arguments: PythonObject...) throws(PythonException) -> PythonObject {
        try attribute(name).call(arguments: arguments, keywords: [])
    }

    /// `self[key] = value` for a dict-like object and a string key.
    public func setItem(_ key: String, _ value: PythonObject) throws(PythonException) {
        let keyObject = try PythonObject(string: key)
        if PyObject_SetItem(pointer, keyObject.pointer, value.pointer) != 0 { throw PythonException.fetch() }
    }

    /// `self[key]`.
    public func item(_ key: PythonObject) throws(PythonException) -> PythonObject {
        try .checked(PyObject_GetItem(pointer, key.pointer))
    }

    /// `str(self)`.
    public func str() throws(PythonException) -> String {
        try PythonObject.checked(PyObject_Str(pointer)).stringValue()
    }

    /// `repr(self)`.
    public func repr() throws(PythonException) -> String {
        try PythonObject.checked(PyObject_Repr(pointer)).stringValue()
    }

    /// `type(self)`.
    public var type: PythonObject { PythonObject(borrowing: UnsafeMutableRawPointer(Py_TYPE(pointer)).assumingMemoryBound(to: PyObject.self)) }

    /// `isinstance(self, type)`.
    public func isInstance(of type: PythonObject) throws(PythonException) -> Bool {
        let result = PyObject_IsInstance(pointer, type.pointer)
        if result < 0 { throw PythonException.fetch() }
        return result == 1
    }

    /// `bool(self)`.
    public func isTruthy() throws(PythonException) -> Bool {
        let result = PyObject_IsTrue(pointer)
        if result < 0 { throw PythonException.fetch() }
        return result == 1
    }
}
