// A prediction's output: JSON-shaped, with files as their own leaves.
public import Foundation

/// A file a predictor returned (a `Path`, or a binary file object the host saved).
public struct OutputFile: Equatable, Sendable, Codable {
    public let path: String
    /// MIME type guessed from the file name, `application/octet-stream` when unknown.
    public let contentType: String
    /// The host created this file (from a file object the predictor returned); whoever delivers
    /// the output deletes it afterwards.
    public let isTemporary: Bool

    public init(path: String, contentType: String, isTemporary: Bool = false) {
        self.path = path
        self.contentType = contentType
        self.isTemporary = isTemporary
    }

    /// `data:<mime>;base64,<contents>`, as Cog returns files without an upload URL. The caller
    /// reads the file (CogCore does no I/O).
    public func dataURL(contents: Data) -> String {
        "data:\(contentType);base64,\(contents.base64EncodedString())"
    }
}

/// An output value. Like `JSONValue`, plus `file` leaves that each presenter handles its own way
/// (the CLI writes them to disk, HTTP uploads or inlines them).
public indirect enum OutputValue: Equatable, Sendable, Codable {
    case json(JSONValue)
    case file(OutputFile)
    case array([OutputValue])
    case object([String: OutputValue])

    public static let null = OutputValue.json(.null)

    /// The files at the top level: the value itself, or every element of a list of files.
    public var topLevelFiles: [OutputFile]? {
        switch self {
        case .file(let file): return [file]
        case .array(let items) where !items.isEmpty:
            let files = items.compactMap { if case .file(let file) = $0 { return file } else { return nil } }
            return files.count == items.count ? files : nil
        default: return nil
        }
    }

    /// Every file in the value, nested ones included.
    public var allFiles: [OutputFile] {
        switch self {
        case .json: return []
        case .file(let file): return [file]
        case .array(let items): return items.flatMap(\.allFiles)
        case .object(let fields): return fields.values.flatMap(\.allFiles)
        }
    }

    /// The JSON for this value, with each file replaced by what `encodeFile` returns.
    public func jsonValue(encodingFiles encodeFile: (OutputFile) throws -> JSONValue) rethrows -> JSONValue {
        switch self {
        case .json(let value): return value
        case .file(let file): return try encodeFile(file)
        case .array(let items): return .array(try items.map { try $0.jsonValue(encodingFiles: encodeFile) })
        case .object(let fields): return .object(JSONObject(try fields.mapValues { try $0.jsonValue(encodingFiles: encodeFile) }))
        }
    }
}
