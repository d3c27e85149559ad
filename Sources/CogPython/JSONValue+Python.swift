// Converting between JSON values and Python objects (inputs in, outputs out).
import CogCore
import PythonRuntime

extension JSONValue {
    /// The Python object `json.loads` would produce for this value.
    func pythonObject() throws -> PythonObject {
        switch self {
        case .null: return .none
        case .bool(let flag): return PythonObject(bool: flag)
        case .int(let number): return try PythonObject(int: number)
        case .double(let number): return try PythonObject(double: number)
        case .string(let text): return try PythonObject(string: text)
        case .array(let items): return try PythonObject.list(items.map { try $0.pythonObject() })
        case .object(let fields):
            let dictionary = try PythonObject.dictionary()
            for key in fields.keys.sorted() { try dictionary.setItem(key, fields[key]!.pythonObject()) }
            return dictionary
        }
    }
}

/// Why an output could not be encoded as JSON.
struct OutputEncodingError: Error, CustomStringConvertible {
    let description: String
}

/// Encodes a normalized Python output (see `cog_host.invoke.normalize_output`): JSON-shaped
/// values, `OutputFile` leaves for files, and the mask for a `cog.Secret`.
struct OutputEncoder {
    /// `cog_host.files.OutputFile`.
    let outputFileType: PythonObject

    func encode(_ object: PythonObject) throws -> OutputValue {
        switch object.kind {
        case .list, .tuple: return .array(try object.arrayValue().map(encode))
        case .dict:
            var fields: [String: OutputValue] = [:]
            for (key, value) in try object.dictionaryItems() {
                let name = key.kind == .string ? try key.stringValue() : try key.str()
                fields[name] = try encode(value)
            }
            return .object(fields)
        case .other where try object.isInstance(of: outputFileType):
            return .file(OutputFile(
                path: try object.attribute("path").stringValue(),
                contentType: try object.attribute("content_type").stringValue(),
                isTemporary: try object.attribute("temporary").isTruthy()))
        default:
            return .json(try Self.encodeJSON(object))
        }
    }

    /// Plain JSON values (metrics, and the leaves of outputs).
    static func encodeJSON(_ object: PythonObject) throws -> JSONValue {
        switch object.kind {
        case .none: return .null
        case .bool: return .bool(try object.isTruthy())
        case .int:
            if let number = try? object.intValue() { return .int(number) }
            return .double(try object.doubleValue())
        case .float:
            let number = try object.doubleValue()
            return number.isFinite ? .double(number) : .null
        case .string: return .string(try object.stringValue())
        case .list, .tuple: return .array(try object.arrayValue().map(encodeJSON))
        case .dict:
            var fields: [String: JSONValue] = [:]
            for (key, value) in try object.dictionaryItems() {
                let name = key.kind == .string ? try key.stringValue() : try key.str()
                fields[name] = try encodeJSON(value)
            }
            return .object(fields)
        case .bytes, .other:
            if SecretRuntime.shared?.isSecret(object) == true { return .string(SecretType.mask) }
            throw OutputEncodingError(description: "cannot encode output of type \(object.typeName) as JSON")
        }
    }
}
