// cog.Secret, written in Swift: a native Python type whose value lives in SecretStorage.
import PythonRuntime

/// Builds the native `cog.Secret` type. Behaviour matches Cog's `Secret` where Cog's is safe
/// (constructors, masking, `get_secret_value`, frozen, value equality) and closes the channels
/// Cog leaves open (`vars`, `dataclasses.asdict`, pickle): see README "cog.Secret".
enum SecretType {
    static let mask = "**********"

    // SAFETY: only read and written under the GIL.
    nonisolated(unsafe) private static var cachedFrozenInstanceError: PythonObject?

    /// `dataclasses.FrozenInstanceError`, imported on the first assignment to a Secret rather than
    /// at start: `dataclasses` imports `inspect`, milliseconds on every start. Must hold the GIL.
    private static func frozenInstanceError() throws -> PythonObject {
        if let type = cachedFrozenInstanceError { return type }
        let type = try PythonObject.importModule("dataclasses").attribute("FrozenInstanceError")
        cachedFrozenInstanceError = type
        return type
    }

    static func definition() -> NativeTypeDefinition {
        var definition = NativeTypeDefinition(
            qualifiedName: "cog.types.Secret",
            documentation: "Secret(secret_value=None)\n--\n\nA string whose value is hidden from str(), repr(), format(), logs and pickling. Read it with get_secret_value().",
            construct: construct)
        definition.repr = { instance in
            try PythonObject(string: storage(instance).isNone ? "Secret()" : "Secret(\(mask))")
        }
        definition.str = { instance in try masked(instance) }
        definition.hash = { instance in storage(instance).hashValue }
        definition.compare = { instance, other, comparison in
            guard comparison == .equal || comparison == .notEqual,
                  let otherStorage = SecretRuntime.shared?.storage(of: other) else { return nil }
            let equal = storage(instance).isEqual(to: otherStorage)
            return PythonObject(bool: comparison == .equal ? equal : !equal)
        }
        definition.setAttribute = { _, name, value in
            let verb = value == nil ? "delete" : "assign to"
            throw PythonRaise(type: try frozenInstanceError(), "cannot \(verb) field '\(name)'")
        }
        definition.properties = [
            NativeProperty("secret_value", documentation: "The raw value (read-only); prefer get_secret_value().") { instance in
                try value(of: storage(instance))
            },
        ]
        definition.methods = [
            NativeMethod("get_secret_value", documentation: "Return the raw secret value (a str, or None).") { instance, arguments, keywords in
                try expectNoArguments("get_secret_value", arguments, keywords)
                return try value(of: storage(instance))
            },
            NativeMethod("__format__", documentation: "Format the masked value, never the secret.") { instance, arguments, _ in
                guard arguments.count == 1 else { throw PythonRaise(.typeError, "__format__() takes exactly one argument") }
                return try masked(instance).format(spec: arguments[0])
            },
            NativeMethod("__copy__", documentation: "Return an equal Secret.") { instance, _, _ in
                try copy(instance)
            },
            NativeMethod("__deepcopy__", documentation: "Return an equal Secret with its own copy of the value.") { instance, _, _ in
                try copy(instance)
            },
            NativeMethod("__reduce_ex__", documentation: "Secrets cannot be pickled.") { _, _, _ in
                throw PythonRaise(.typeError, picklingMessage)
            },
            NativeMethod("__reduce__", documentation: "Secrets cannot be pickled.") { _, _, _ in
                throw PythonRaise(.typeError, picklingMessage)
            },
        ]
        return definition
    }

    static let picklingMessage = "cog.Secret cannot be pickled: pass secret.get_secret_value() explicitly if you really mean to send the raw value"

    private static func construct(_ arguments: [PythonObject], _ keywords: [(String, PythonObject)]) throws -> AnyObject {
        if arguments.count > 1 {
            throw PythonRaise(.typeError, "Secret() takes at most 1 positional argument (\(arguments.count) given)")
        }
        var value = arguments.first
        for (name, keywordValue) in keywords {
            guard name == "secret_value" else { throw PythonRaise(.typeError, "Secret() got an unexpected keyword argument '\(name)'") }
            guard value == nil else { throw PythonRaise(.typeError, "Secret() got multiple values for argument 'secret_value'") }
            value = keywordValue
        }
        return try makeStorage(value ?? .none)
    }

    static func makeStorage(_ value: PythonObject) throws -> SecretStorage {
        switch value.kind {
        case .none: return SecretStorage(copying: nil)
        case .string: return try value.withUTF8Bytes { SecretStorage(copying: $0) }
        default: throw PythonRaise(.typeError, "Secret value must be a str or None, got \(value.typeName)")
        }
    }

    private static func storage(_ instance: NativeInstance) -> SecretStorage {
        // SAFETY of the cast: every instance of this type is created by `construct`/`instantiate`
        // with a SecretStorage payload.
        instance.payload as! SecretStorage
    }

    private static func value(of storage: SecretStorage) throws -> PythonObject {
        try storage.withBytes { bytes in
            guard let bytes else { return PythonObject.none }
            return try PythonObject(utf8: bytes)
        }
    }

    private static func masked(_ instance: NativeInstance) throws -> PythonObject {
        try PythonObject(string: storage(instance).isNone ? "" : mask)
    }

    private static func copy(_ instance: NativeInstance) throws -> PythonObject {
        let original = storage(instance)
        let duplicate = original.withBytes { SecretStorage(copying: $0) }
        guard let runtime = SecretRuntime.shared else { throw PythonRaise(.runtimeError, "cog.Secret is not registered") }
        return try runtime.type.instantiate(payload: duplicate)
    }

    private static func expectNoArguments(_ name: String, _ arguments: [PythonObject], _ keywords: [(String, PythonObject)]) throws {
        if !arguments.isEmpty || !keywords.isEmpty {
            throw PythonRaise(.typeError, "\(name)() takes no arguments (\(arguments.count + keywords.count) given)")
        }
    }
}
