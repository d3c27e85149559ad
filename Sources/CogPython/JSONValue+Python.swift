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

/// Why an output could not be encoded: Cog's wording after `Prediction failed: `, e.g.
/// `Failed to serialize output: TypeError: Object of type bytes is not JSON serializable`.
struct OutputEncodingError: Error, CustomStringConvertible {
    let description: String

    /// A leaf `json.dumps` refuses, in its own words.
    static func notSerializable(_ message: String) -> OutputEncodingError {
        OutputEncodingError(description: "TypeError: \(message)")
    }

    /// The failed prediction's error (`Prediction failed: ` and this text, in Cog's words).
    var predictionFailure: PredictionFailure {
        PredictionFailure(typeName: "", message: description, origin: .outputEncoding)
    }

    /// The same failure as Cog reports it for the whole output or for one item of a list
    /// output or of a stream: `Failed to serialize output[ item]: …`.
    func worded(item: Bool) -> String {
        "Failed to serialize output\(item ? " item" : ""): \(description)"
    }
}

/// Encodes a normalized Python output (see `cog_host.invoke.normalize_output`) by the rules of
/// `json.dumps`, which Cog's runtime applies after normalizing: `OutputFile` leaves become
/// files, a `cog.Secret` its mask, and everything `json.dumps` cannot write fails with its
/// message. Deliberate differences: NaN and infinities become null (Cog fails).
struct OutputEncoder {
    /// `cog_host.files.OutputFile`.
    let outputFileType: PythonObject

    /// A prediction's whole (normalized) output. Items of a top-level list are encoded one by
    /// one, as Cog sends them, so their failures say `output item`; files at the top level and
    /// in a top-level list get the runtime's MIME type.
    func encodeOutput(_ object: PythonObject) throws(OutputEncodingError) -> OutputValue {
        if object.kind == .list || object.kind == .tuple {
            let items: [PythonObject]
            do {
                items = try object.arrayValue()
            } catch {
                throw OutputEncodingError(description: "\(error)")
            }
            var encoded: [OutputValue] = []
            for item in items {
                encoded.append(try encodeItem(item))
            }
            return .array(encoded)
        }
        return try Self.withRuntimeType(wording(item: false) { () throws(OutputEncodingError) in try encode(object) })
    }

    /// One item of a list output or of a stream.
    func encodeItem(_ object: PythonObject) throws(OutputEncodingError) -> OutputValue {
        try Self.withRuntimeType(wording(item: true) { () throws(OutputEncodingError) in try encode(object) })
    }

    private func wording(item: Bool, _ body: () throws(OutputEncodingError) -> OutputValue) throws(OutputEncodingError) -> OutputValue {
        do {
            return try body()
        } catch {
            throw OutputEncodingError(description: error.worded(item: item))
        }
    }

    /// A file handed over on its own gets the type coglet's file path gives it.
    private static func withRuntimeType(_ value: OutputValue) -> OutputValue {
        guard case .file(let file) = value else { return value }
        return .file(OutputFile(path: file.path, contentType: RuntimeMIMETypes.type(forPath: file.path), isTemporary: file.isTemporary))
    }

    func encode(_ object: PythonObject) throws(OutputEncodingError) -> OutputValue {
        do {
            switch object.kind {
            case .list, .tuple: return .array(try object.arrayValue().map { (item: PythonObject) throws(OutputEncodingError) in try encode(item) })
            case .dict:
                var fields: [String: OutputValue] = [:]
                for (key, value) in try object.dictionaryItems() {
                    fields[try Self.key(key)] = try encode(value)
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
        } catch let error as OutputEncodingError {
            throw error
        } catch {
            throw OutputEncodingError(description: "\(error)")
        }
    }

    /// Plain JSON values (metrics, and the leaves of outputs), as `json.dumps` writes them.
    static func encodeJSON(_ object: PythonObject) throws(OutputEncodingError) -> JSONValue {
        do {
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
            case .list, .tuple: return .array(try object.arrayValue().map { (item: PythonObject) throws(OutputEncodingError) in try encodeJSON(item) })
            case .dict:
                // The dict's own order: printers that want Go's or serde's sorted keys sort.
                var fields = JSONObject()
                for (key, value) in try object.dictionaryItems() {
                    fields[try Self.key(key)] = try encodeJSON(value)
                }
                return .object(fields)
            case .bytes, .other:
                if SecretRuntime.shared?.isSecret(object) == true { return .string(SecretType.mask) }
                throw OutputEncodingError.notSerializable("Object of type \(object.typeName) is not JSON serializable")
            }
        } catch let error as OutputEncodingError {
            throw error
        } catch {
            throw OutputEncodingError(description: "\(error)")
        }
    }

    /// A dict key as `json.dumps` writes it: strings as they are, `true`/`false`/`null`, numbers
    /// in Python's spelling; any other key fails with json's message.
    private static func key(_ key: PythonObject) throws -> String {
        switch key.kind {
        case .string: return try key.stringValue()
        case .bool: return try key.isTruthy() ? "true" : "false"
        case .none: return "null"
        case .int: return try key.str()
        case .float:
            let number = try key.doubleValue()
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
            return try key.repr()
        default:
            throw OutputEncodingError.notSerializable("keys must be str, int, float, bool or None, not \(key.typeName)")
        }
    }
}
