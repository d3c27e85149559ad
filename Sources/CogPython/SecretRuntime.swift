// The registered cog.Secret type of this process: creating Secrets and reading them from Swift.
import PythonRuntime

/// The `cog.Secret` type once it is registered in the interpreter (module `_cog_native`).
final class SecretRuntime: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): set once under the GIL at start-up, then only read under it.
    nonisolated(unsafe) static var shared: SecretRuntime?

    let type: NativeType

    private init(type: NativeType) { self.type = type }

    /// Creates the type and exposes it as `_cog_native.Secret`. Must hold the GIL.
    static func register() throws {
        Python.assertGILHeld("SecretRuntime.register")
        if shared != nil { return }
        let type = try NativeType.create(SecretType.definition())
        shared = SecretRuntime(type: type)
        try Python.registerModule(named: "_cog_native", attributes: [("Secret", type.typeObject)])
    }

    /// A new Secret holding `value` (a Python `str`).
    func make(_ value: PythonObject) throws -> PythonObject {
        try type.instantiate(payload: SecretType.makeStorage(value))
    }

    func storage(of object: PythonObject) -> SecretStorage? {
        Python.assertGILHeld("SecretRuntime.storage")
        return type.payload(of: object) as? SecretStorage
    }

    func isSecret(_ object: PythonObject) -> Bool { storage(of: object) != nil }
}
