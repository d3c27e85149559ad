// Builds Python heap types from NativeTypeDefinitions and routes their slots back to Swift.
@preconcurrency import CPython
import Foundation

/// A native Python type created from a `NativeTypeDefinition`.
public final class NativeType: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): only used under the GIL.
    public let typeObject: PythonObject
    let definition: NativeTypeDefinition

    private init(typeObject: PythonObject, definition: NativeTypeDefinition) {
        self.typeObject = typeObject
        self.definition = definition
    }

    /// Creates the type with `PyType_FromSpec`. Must hold the GIL.
    public static func create(_ definition: NativeTypeDefinition) throws(PythonException) -> NativeType {
        // The spec, slot table, method and getset arrays must outlive the type: allocate them once
        // and never free them (one allocation per type per process).
        var slots: [PyType_Slot] = [
            PyType_Slot(slot: Py_tp_new, pfunc: unsafeBitCast(nativeNew, to: UnsafeMutableRawPointer.self)),
            PyType_Slot(slot: Py_tp_dealloc, pfunc: unsafeBitCast(nativeDealloc, to: UnsafeMutableRawPointer.self)),
            PyType_Slot(slot: Py_tp_doc, pfunc: UnsafeMutableRawPointer(strdup(definition.documentation))),
        ]
        if definition.repr != nil { slots.append(PyType_Slot(slot: Py_tp_repr, pfunc: unsafeBitCast(nativeRepr, to: UnsafeMutableRawPointer.self))) }
        if definition.str != nil { slots.append(PyType_Slot(slot: Py_tp_str, pfunc: unsafeBitCast(nativeStr, to: UnsafeMutableRawPointer.self))) }
        if definition.hash != nil { slots.append(PyType_Slot(slot: Py_tp_hash, pfunc: unsafeBitCast(nativeHash, to: UnsafeMutableRawPointer.self))) }
        if definition.compare != nil { slots.append(PyType_Slot(slot: Py_tp_richcompare, pfunc: unsafeBitCast(nativeCompare, to: UnsafeMutableRawPointer.self))) }
        if definition.setAttribute != nil { slots.append(PyType_Slot(slot: Py_tp_setattro, pfunc: unsafeBitCast(nativeSetAttribute, to: UnsafeMutableRawPointer.self))) }

        if !definition.methods.isEmpty {
            let table = UnsafeMutablePointer<PyMethodDef>.allocate(capacity: definition.methods.count + 1)
            for (offset, method) in definition.methods.enumerated() {
                let trampoline = try NativeMethodPool.register(method)
                table[offset] = PyMethodDef(
                    ml_name: UnsafePointer(strdup(method.name)),
                    ml_meth: unsafeBitCast(trampoline, to: PyCFunction.self),
                    ml_flags: METH_FASTCALL | METH_KEYWORDS,
                    ml_doc: UnsafePointer(strdup(method.documentation)))
            }
            table[definition.methods.count] = PyMethodDef(ml_name: nil, ml_meth: nil, ml_flags: 0, ml_doc: nil)
            slots.append(PyType_Slot(slot: Py_tp_methods, pfunc: UnsafeMutableRawPointer(table)))
        }
        if !definition.properties.isEmpty {
            let table = UnsafeMutablePointer<PyGetSetDef>.allocate(capacity: definition.properties.count + 1)
            for (offset, property) in definition.properties.enumerated() {
                let index = NativeMethodPool.register(property)
                table[offset] = PyGetSetDef(
                    name: UnsafePointer(strdup(property.name)),
                    get: nativeGetProperty,
                    set: nil,
                    doc: UnsafePointer(strdup(property.documentation)),
                    closure: UnsafeMutableRawPointer(bitPattern: index + 1))
            }
            table[definition.properties.count] = PyGetSetDef(name: nil, get: nil, set: nil, doc: nil, closure: nil)
            slots.append(PyType_Slot(slot: Py_tp_getset, pfunc: UnsafeMutableRawPointer(table)))
        }
        slots.append(PyType_Slot(slot: 0, pfunc: nil))

        let slotTable = UnsafeMutablePointer<PyType_Slot>.allocate(capacity: slots.count)
        slotTable.initialize(from: slots, count: slots.count)
        let spec = UnsafeMutablePointer<PyType_Spec>.allocate(capacity: 1)
        spec.initialize(to: PyType_Spec(
            name: UnsafePointer(strdup(definition.qualifiedName)),
            basicsize: cpy_native_basicsize(),
            itemsize: 0,
            flags: UInt32(cpy_tpflags_default() | cpy_tpflags_immutable()),
            slots: slotTable))
        let typeObject = try PythonObject.checked(PyType_FromSpec(spec))
        let type = NativeType(typeObject: typeObject, definition: definition)
        NativeTypeRegistry.types[UnsafeMutableRawPointer(typeObject.pointer)] = type
        return type
    }

    /// The payload of `object` if it is an instance of this type.
    public func payload(of object: PythonObject) -> AnyObject? {
        guard UnsafeMutableRawPointer(Py_TYPE(object.pointer)) == UnsafeMutableRawPointer(typeObject.pointer),
              let raw = cpy_native_payload(object.pointer) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Creates an instance directly from a payload, bypassing the Python constructor.
    public func instantiate(payload: AnyObject) throws(PythonException) -> PythonObject {
        let typePointer = UnsafeMutableRawPointer(typeObject.pointer).assumingMemoryBound(to: PyTypeObject.self)
        let object = try PythonObject.checked(PyType_GenericAlloc(typePointer, 0))
        cpy_native_set_payload(object.pointer, Unmanaged.passRetained(payload).toOpaque())
        return object
    }
}

/// Which `NativeType` a Python type object belongs to. Read and written under the GIL only.
enum NativeTypeRegistry {
    // SAFETY: every access happens while holding the GIL, which serializes them.
    nonisolated(unsafe) static var types: [UnsafeMutableRawPointer: NativeType] = [:]

    static func type(of object: UnsafeMutablePointer<PyObject>) -> NativeType? {
        Python.assertGILHeld("NativeTypeRegistry")
        return types[UnsafeMutableRawPointer(Py_TYPE(object))]
    }

    static func instance(_ object: UnsafeMutablePointer<PyObject>) throws -> (NativeType, NativeInstance) {
        guard let type = type(of: object), let raw = cpy_native_payload(object) else {
            throw PythonRaise(.typeError, "native object is not initialized")
        }
        let payload = Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue()
        return (type, NativeInstance(object: PythonObject(borrowing: object), payload: payload))
    }
}

/// The single Swift → Python error boundary: runs a native implementation and turns any thrown
/// Swift error into a pending Python exception, returning `failure` (NULL / -1) in that case.
func nativeTrampoline<T>(failure: T, _ body: () throws -> T) -> T {
    do {
        return try body()
    } catch {
        raiseInPython(error)
        return failure
    }
}

/// Reads fastcall arguments into Swift arrays.
func fastcallArguments(
    _ arguments: UnsafePointer<UnsafeMutablePointer<PyObject>?>?, _ count: Py_ssize_t, _ keywordNames: UnsafeMutablePointer<PyObject>?
) throws -> ([PythonObject], [(String, PythonObject)]) {
    let positionalCount = cpy_vectorcall_nargs(count)
    var positional: [PythonObject] = []
    for index in 0..<positionalCount {
        if let item = arguments?[index] { positional.append(PythonObject(borrowing: item)) }
    }
    var keywords: [(String, PythonObject)] = []
    if let keywordNames {
        let names = try PythonObject(borrowing: keywordNames).listOfStrings()
        for (offset, name) in names.enumerated() {
            if let item = arguments?[positionalCount + offset] { keywords.append((name, PythonObject(borrowing: item))) }
        }
    }
    return (positional, keywords)
}

private func tupleAndDictArguments(
    _ args: UnsafeMutablePointer<PyObject>?, _ kwargs: UnsafeMutablePointer<PyObject>?
) throws -> ([PythonObject], [(String, PythonObject)]) {
    let positional = try args.map { try PythonObject(borrowing: $0).arrayValue() } ?? []
    var keywords: [(String, PythonObject)] = []
    if let kwargs {
        for (key, value) in try PythonObject(borrowing: kwargs).dictionaryItems() {
            keywords.append((try key.stringValue(), value))
        }
    }
    return (positional, keywords)
}

// MARK: slot functions (non-capturing C function pointers; they dispatch on the object's type)

private let nativeNew: @convention(c) (UnsafeMutablePointer<PyTypeObject>?, UnsafeMutablePointer<PyObject>?, UnsafeMutablePointer<PyObject>?) -> UnsafeMutablePointer<PyObject>? = { typePointer, args, kwargs in
    nativeTrampoline(failure: nil) {
        guard let typePointer, let type = NativeTypeRegistry.types[UnsafeMutableRawPointer(typePointer)] else {
            throw PythonRaise(.typeError, "cannot create instances of an unregistered native type")
        }
        let (positional, keywords) = try tupleAndDictArguments(args, kwargs)
        let payload = try type.definition.construct(positional, keywords)
        return try type.instantiate(payload: payload).retainedPointer()
    }
}

private let nativeDealloc: @convention(c) (UnsafeMutablePointer<PyObject>?) -> Void = { object in
    guard let object else { return }
    let type = Py_TYPE(object)!
    if let raw = cpy_native_payload(object) {
        cpy_native_set_payload(object, nil)
        // SAFETY: the payload was retained once in `instantiate`; this is the matching release.
        Unmanaged<AnyObject>.fromOpaque(raw).release()
    }
    cpy_type_free(object)
    // Heap type instances own a reference to their type.
    Py_DecRef(UnsafeMutableRawPointer(type).assumingMemoryBound(to: PyObject.self))
}

private let nativeRepr: @convention(c) (UnsafeMutablePointer<PyObject>?) -> UnsafeMutablePointer<PyObject>? = { object in
    nativeTrampoline(failure: nil) {
        let (type, instance) = try NativeTypeRegistry.instance(object!)
        return try type.definition.repr!(instance).retainedPointer()
    }
}

private let nativeStr: @convention(c) (UnsafeMutablePointer<PyObject>?) -> UnsafeMutablePointer<PyObject>? = { object in
    nativeTrampoline(failure: nil) {
        let (type, instance) = try NativeTypeRegistry.instance(object!)
        return try type.definition.str!(instance).retainedPointer()
    }
}

private let nativeHash: @convention(c) (UnsafeMutablePointer<PyObject>?) -> Py_hash_t = { object in
    nativeTrampoline(failure: -1) {
        let (type, instance) = try NativeTypeRegistry.instance(object!)
        let hash = try type.definition.hash!(instance)
        return hash == -1 ? -2 : hash
    }
}

private let nativeCompare: @convention(c) (UnsafeMutablePointer<PyObject>?, UnsafeMutablePointer<PyObject>?, Int32) -> UnsafeMutablePointer<PyObject>? = { object, other, op in
    nativeTrampoline(failure: nil) {
        let (type, instance) = try NativeTypeRegistry.instance(object!)
        guard let comparison = ComparisonOperator(rawValue: op),
              let result = try type.definition.compare!(instance, PythonObject(borrowing: other!), comparison) else {
            return PythonObject(borrowing: cpy_not_implemented()).retainedPointer()
        }
        return result.retainedPointer()
    }
}

private let nativeSetAttribute: @convention(c) (UnsafeMutablePointer<PyObject>?, UnsafeMutablePointer<PyObject>?, UnsafeMutablePointer<PyObject>?) -> Int32 = { object, name, value in
    nativeTrampoline(failure: -1) {
        let (type, instance) = try NativeTypeRegistry.instance(object!)
        let attributeName = try PythonObject(borrowing: name!).stringValue()
        try type.definition.setAttribute!(instance, attributeName, value.map { PythonObject(borrowing: $0) })
        return 0
    }
}

private let nativeGetProperty: @convention(c) (UnsafeMutablePointer<PyObject>?, UnsafeMutableRawPointer?) -> UnsafeMutablePointer<PyObject>? = { object, closure in
    nativeTrampoline(failure: nil) {
        let (_, instance) = try NativeTypeRegistry.instance(object!)
        let index = Int(bitPattern: closure) - 1
        return try NativeMethodPool.properties[index].get(instance).retainedPointer()
    }
}
