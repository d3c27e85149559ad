// The Swift description of a native Python type: its name, constructor, slots, methods, properties.

/// What a native type does, written as Swift closures. `NativeType.create` turns it into a real
/// Python heap type whose slots and methods call these closures through one trampoline.
///
/// Each instance carries a Swift-owned payload (any class instance) that Python cannot see; it is
/// released when the Python object dies, so a payload's `deinit` can wipe what it holds.
public struct NativeTypeDefinition: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): closures are only ever invoked under the GIL.

    /// Dotted name; the part before the last dot becomes `__module__` (`cog.types.Secret`).
    public var qualifiedName: String
    public var documentation: String
    /// Builds the payload from `(args, kwargs)`; runs in `tp_new`, so `__init__` cannot mutate it.
    public var construct: (_ arguments: [PythonObject], _ keywords: [(String, PythonObject)]) throws -> AnyObject
    public var repr: ((NativeInstance) throws -> PythonObject)?
    public var str: ((NativeInstance) throws -> PythonObject)?
    public var hash: ((NativeInstance) throws -> Int)?
    /// Returns nil for `NotImplemented`.
    public var compare: ((NativeInstance, PythonObject, ComparisonOperator) throws -> PythonObject?)?
    /// Called for `setattr` (value) and `delattr` (nil). Absent: the generic behaviour.
    public var setAttribute: ((NativeInstance, String, PythonObject?) throws -> Void)?
    public var methods: [NativeMethod]
    public var properties: [NativeProperty]

    public init(
        qualifiedName: String,
        documentation: String,
        construct: @escaping (_ arguments: [PythonObject], _ keywords: [(String, PythonObject)]) throws -> AnyObject
    ) {
        self.qualifiedName = qualifiedName
        self.documentation = documentation
        self.construct = construct
        self.methods = []
        self.properties = []
    }
}

/// An instance of a native type, as seen by the Swift implementation of a slot or method.
public struct NativeInstance {
    public let object: PythonObject
    public let payload: AnyObject
}

/// A method exposed as a C-level method descriptor (`METH_FASTCALL | METH_KEYWORDS`).
public struct NativeMethod: @unchecked Sendable {
    public var name: String
    public var documentation: String
    public var body: (NativeInstance, [PythonObject], [(String, PythonObject)]) throws -> PythonObject

    public init(_ name: String, documentation: String, body: @escaping (NativeInstance, [PythonObject], [(String, PythonObject)]) throws -> PythonObject) {
        self.name = name
        self.documentation = documentation
        self.body = body
    }
}

/// A read-only attribute exposed through a getset descriptor.
public struct NativeProperty: @unchecked Sendable {
    public var name: String
    public var documentation: String
    public var get: (NativeInstance) throws -> PythonObject

    public init(_ name: String, documentation: String, get: @escaping (NativeInstance) throws -> PythonObject) {
        self.name = name
        self.documentation = documentation
        self.get = get
    }
}

/// Rich comparison operators, as Python passes them to `tp_richcompare`.
public enum ComparisonOperator: Int32, Sendable {
    case lessThan = 0, lessOrEqual = 1, equal = 2, notEqual = 3, greaterThan = 4, greaterOrEqual = 5
}
