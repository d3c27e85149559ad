// One owned reference to a Python object; the only way Swift code outside this target holds one.
@preconcurrency import CPython

/// A strong reference to a Python object.
///
/// Ownership is explicit at construction: `init(stealing:)` takes over a new (+1) reference,
/// `init(borrowing:)` adds one to a borrowed (+0) reference. The reference is released when the
/// Swift object dies. Every use must happen inside `Python.withGIL`; `deinit` takes the GIL
/// itself if the last release happens outside one.
public final class PythonObject: @unchecked Sendable {
    // SAFETY: the pointer is non-null and owns one reference for the lifetime of `self`;
    // `@unchecked Sendable` holds because every access happens under the GIL.
    let pointer: UnsafeMutablePointer<PyObject>

    init(stealing pointer: UnsafeMutablePointer<PyObject>) {
        Python.assertGILHeld("a new PythonObject")
        self.pointer = pointer
    }

    init(borrowing pointer: UnsafeMutablePointer<PyObject>) {
        Python.assertGILHeld("a new PythonObject")
        Py_IncRef(pointer)
        self.pointer = pointer
    }

    /// Wraps the result of a C call that returns a new reference or NULL with an exception set.
    static func checked(_ pointer: UnsafeMutablePointer<PyObject>?) throws(PythonException) -> PythonObject {
        guard let pointer else { throw PythonException.fetch() }
        return PythonObject(stealing: pointer)
    }

    /// Hands the reference to a C API that steals it.
    func retainedPointer() -> UnsafeMutablePointer<PyObject> {
        Python.assertGILHeld("PythonObject.retainedPointer")
        Py_IncRef(pointer)
        return pointer
    }

    deinit {
        if PyGILState_Check() != 0 {
            Py_DecRef(pointer)
        } else {
            let state = PyGILState_Ensure()
            Py_DecRef(pointer)
            PyGILState_Release(state)
        }
    }

    /// The object's reference count, for leak tests.
    public var referenceCount: Int {
        Python.assertGILHeld("PythonObject.referenceCount")
        return Py_REFCNT(pointer)
    }

    /// Whether both references point to the same Python object (`is`).
    public func isIdentical(to other: PythonObject) -> Bool { pointer == other.pointer }

    public static var none: PythonObject { PythonObject(borrowing: cpy_none()) }
    public var isNone: Bool { pointer == cpy_none() }
}
