// A fixed pool of C entry points for native methods: C method tables carry no context pointer,
// so each registered method gets its own pre-made trampoline that knows its index.
@preconcurrency import CPython

typealias FastcallFunction = @convention(c) (
    UnsafeMutablePointer<PyObject>?, UnsafePointer<UnsafeMutablePointer<PyObject>?>?, Py_ssize_t, UnsafeMutablePointer<PyObject>?
) -> UnsafeMutablePointer<PyObject>?

/// Registered native methods and properties, indexed by the trampoline that serves them.
enum NativeMethodPool {
    // SAFETY: appended to and read only while holding the GIL.
    nonisolated(unsafe) static var methods: [NativeMethod] = []
    nonisolated(unsafe) static var properties: [NativeProperty] = []

    static func register(_ method: NativeMethod) throws(PythonException) -> FastcallFunction {
        guard methods.count < trampolines.count else {
            throw PythonException(typeName: "RuntimeError", message: "cog-host supports at most \(trampolines.count) native methods")
        }
        methods.append(method)
        return trampolines[methods.count - 1]
    }

    static func register(_ property: NativeProperty) -> Int {
        properties.append(property)
        return properties.count - 1
    }

    static let trampolines: [FastcallFunction] = [
    { s, a, n, k in dispatchNativeMethod(0, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(1, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(2, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(3, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(4, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(5, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(6, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(7, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(8, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(9, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(10, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(11, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(12, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(13, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(14, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(15, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(16, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(17, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(18, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(19, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(20, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(21, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(22, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(23, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(24, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(25, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(26, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(27, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(28, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(29, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(30, s, a, n, k) },
    { s, a, n, k in dispatchNativeMethod(31, s, a, n, k) }
    ]
}

private func dispatchNativeMethod(
    _ index: Int,
    _ object: UnsafeMutablePointer<PyObject>?,
    _ arguments: UnsafePointer<UnsafeMutablePointer<PyObject>?>?,
    _ count: Py_ssize_t,
    _ keywordNames: UnsafeMutablePointer<PyObject>?
) -> UnsafeMutablePointer<PyObject>? {
    nativeTrampoline(failure: nil) {
        let (_, instance) = try NativeTypeRegistry.instance(object!)
        let (positional, keywords) = try fastcallArguments(arguments, count, keywordNames)
        return try NativeMethodPool.methods[index].body(instance, positional, keywords).retainedPointer()
    }
}
