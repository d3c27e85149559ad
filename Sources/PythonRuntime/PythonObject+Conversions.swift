// Conversions between Swift values and Python objects.
@preconcurrency import CPython

extension PythonObject {
    public convenience init(string: String) throws(PythonException) {
        var value = string
        let object = value.withUTF8 { buffer in
            PyUnicode_DecodeUTF8(buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buffer.count, "surrogateescape")
        }
        guard let object else { throw PythonException.fetch() }
        self.init(stealing: object)
    }

    /// A `str` decoded from UTF-8 bytes.
    public convenience init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(PythonException) {
        let object = PyUnicode_DecodeUTF8(bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, bytes.count, "strict")
        guard let object else { throw PythonException.fetch() }
        self.init(stealing: object)
    }

    public convenience init(int: Int) throws(PythonException) {
        guard let object = PyLong_FromLongLong(Int64(int)) else { throw PythonException.fetch() }
        self.init(stealing: object)
    }

    public convenience init(double: Double) throws(PythonException) {
        guard let object = PyFloat_FromDouble(double) else { throw PythonException.fetch() }
        self.init(stealing: object)
    }

    public convenience init(bool: Bool) {
        self.init(borrowing: bool ? cpy_true() : cpy_false())
    }

    /// A new `tuple` holding `items`.
    public static func tuple(_ items: [PythonObject]) throws(PythonException) -> PythonObject {
        let tuple = try checked(PyTuple_New(items.count))
        for (index, item) in items.enumerated() {
            // SAFETY: PyTuple_SetItem steals the reference we hand it; the tuple is new and unshared.
            PyTuple_SetItem(tuple.pointer, index, item.retainedPointer())
        }
        return tuple
    }

    /// A new `list` holding `items`.
    public static func list(_ items: [PythonObject]) throws(PythonException) -> PythonObject {
        let list = try checked(PyList_New(0))
        for item in items where PyList_Append(list.pointer, item.pointer) != 0 {
            throw PythonException.fetch()
        }
        return list
    }

    /// A new empty `dict`.
    public static func dictionary() throws(PythonException) -> PythonObject {
        try checked(PyDict_New())
    }

    // MARK: reading values

    public enum Kind: Equatable, Sendable {
        case none, bool, int, float, string, bytes, list, tuple, dict, other
    }

    /// The builtin kind of this object (subclasses count as their base: `bool` before `int`).
    public var kind: Kind {
        if isNone { return .none }
        if cpy_bool_check(pointer) != 0 { return .bool }
        if cpy_long_check(pointer) != 0 { return .int }
        if cpy_float_check(pointer) != 0 { return .float }
        if cpy_unicode_check(pointer) != 0 { return .string }
        if cpy_bytes_check(pointer) != 0 { return .bytes }
        if cpy_list_check(pointer) != 0 { return .list }
        if cpy_tuple_check(pointer) != 0 { return .tuple }
        if cpy_dict_check(pointer) != 0 { return .dict }
        return .other
    }

    /// The value of a `str` (lone surrogates are escaped as U+FFFD).
    public func stringValue() throws(PythonException) -> String {
        guard cpy_unicode_check(pointer) != 0 else {
            throw PythonException(typeName: "TypeError", message: "expected str, got \(typeName)")
        }
        var size: Py_ssize_t = 0
        if let utf8 = PyUnicode_AsUTF8AndSize(pointer, &size) {
            return utf8.withMemoryRebound(to: UInt8.self, capacity: size) {
                String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self)
            }
        }
        PyErr_Clear()
        let encoded = try PythonObject.checked(PyUnicode_AsEncodedString(pointer, "utf-8", "replace"))
        return try encoded.bytesValue().withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    func stringValueIfString() -> String? { try? stringValue() }

    /// The value of an `int` that fits in 64 bits.
    public func intValue() throws(PythonException) -> Int {
        let value = PyLong_AsLongLong(pointer)
        if value == -1, PyErr_Occurred() != nil { throw PythonException.fetch() }
        return Int(value)
    }

    /// The value of a `float` (or anything with `__float__`).
    public func doubleValue() throws(PythonException) -> Double {
        let value = PyFloat_AsDouble(pointer)
        if value == -1, PyErr_Occurred() != nil { throw PythonException.fetch() }
        return value
    }

    /// The bytes of a `bytes` object.
    public func bytesValue() throws(PythonException) -> [UInt8] {
        var buffer: UnsafeMutablePointer<CChar>?
        var size: Py_ssize_t = 0
        if PyBytes_AsStringAndSize(pointer, &buffer, &size) != 0 { throw PythonException.fetch() }
        guard let buffer else { return [] }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: size) { Array(UnsafeBufferPointer(start: $0, count: size)) }
    }

    /// The items of any iterable, as a Swift array.
    public func arrayValue() throws(PythonException) -> [PythonObject] {
        let sequence = try PythonObject.checked(PySequence_List(pointer))
        let count = PyList_Size(sequence.pointer)
        var items: [PythonObject] = []
        items.reserveCapacity(count)
        for index in 0..<count {
            guard let item = PyList_GetItem(sequence.pointer, index) else { throw PythonException.fetch() }
            items.append(PythonObject(borrowing: item))
        }
        return items
    }

    /// The (key, value) pairs of a `dict`, in insertion order.
    public func dictionaryItems() throws(PythonException) -> [(PythonObject, PythonObject)] {
        let items = try PythonObject.checked(PyDict_Items(pointer)).arrayValue()
        var pairs: [(PythonObject, PythonObject)] = []
        for pair in items {
            let parts = try pair.arrayValue()
            pairs.append((parts[0], parts[1]))
        }
        return pairs
    }

    func listOfStrings() throws(PythonException) -> [String] {
        var strings: [String] = []
        for item in try arrayValue() { strings.append(try item.stringValue()) }
        return strings
    }

    /// `type(self).__name__`.
    public var typeName: String {
        // PyType_GetName is 3.11+; `__name__` is the same string on every supported version.
        guard let name = PyObject_GetAttrString(UnsafeMutableRawPointer(Py_TYPE(pointer)).assumingMemoryBound(to: PyObject.self), "__name__") else {
            PyErr_Clear()
            return "object"
        }
        return PythonObject(stealing: name).stringValueIfString() ?? "object"
    }
}

extension PythonObject {
    /// Lends the UTF-8 bytes of a `str` without making a Swift `String` copy (for secrets).
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        var size: Py_ssize_t = 0
        guard cpy_unicode_check(pointer) != 0, let utf8 = PyUnicode_AsUTF8AndSize(pointer, &size) else {
            if PyErr_Occurred() != nil { throw PythonException.fetch() }
            throw PythonException(typeName: "TypeError", message: "expected str, got \(typeName)")
        }
        // SAFETY: the buffer is owned by the str object, which `self` keeps alive during `body`.
        return try utf8.withMemoryRebound(to: UInt8.self, capacity: size) {
            try body(UnsafeBufferPointer(start: $0, count: size))
        }
    }

    /// `format(self, spec)`.
    public func format(spec: PythonObject) throws(PythonException) -> PythonObject {
        try .checked(PyObject_Format(pointer, spec.pointer))
    }
}

extension Python {
    /// Makes a module importable under `name` by placing it in `sys.modules`.
    public static func registerModule(named name: String, attributes: [(String, PythonObject)]) throws(PythonException) {
        let module = try PythonObject.checked(PyModule_New(name))
        for (key, value) in attributes { try module.setAttribute(key, value) }
        let modules = try PythonObject.importModule("sys").attribute("modules")
        try modules.setItem(name, module)
    }
}
