// Turns output values into wire JSON: top-level files uploaded to --upload-url or inlined.
import AsyncHTTPClient
import CogCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Why a file output could not be delivered; the prediction fails with
/// `Failed to upload output: <reason>`.
struct OutputUploadError: Error, Equatable {
    let reason: String
}

/// Encodes one prediction's outputs. Top-level files (the output itself, or an element of a
/// list/iterator output) are PUT to `<upload-url>/<basename>` when an upload URL is set, else
/// inlined as data URLs; files nested deeper are always data URLs. A file uploaded as a chunk is
/// not uploaded again for the final output.
actor OutputDelivery {
    private let uploadURL: String?
    /// Made on the first upload (see WebhookPoster.client).
    private let client: @Sendable () -> HTTPClient
    private var delivered: [String: JSONValue] = [:]
    private var temporaryFiles: Set<String> = []

    init(uploadURL: String?, client: @escaping @Sendable () -> HTTPClient) {
        self.uploadURL = uploadURL
        self.client = client
    }

    /// One output chunk (an iterator item, or the single value of a plain output).
    func encodeChunk(_ value: OutputValue) async throws(OutputUploadError) -> JSONValue {
        try await encodeTopLevel(value)
    }

    /// The final output: the value itself, or each element of a list, as a top-level file.
    func encodeFinal(_ value: OutputValue) async throws(OutputUploadError) -> JSONValue {
        if case .array(let items) = value {
            var encoded: [JSONValue] = []
            for item in items { encoded.append(try await encodeTopLevel(item)) }
            return .array(encoded)
        }
        return try await encodeTopLevel(value)
    }

    /// Deletes the files the host created for file-object outputs.
    func removeTemporaryFiles() {
        for path in temporaryFiles { try? FileManager.default.removeItem(atPath: path) }
        temporaryFiles.removeAll()
    }

    private func encodeTopLevel(_ value: OutputValue) async throws(OutputUploadError) -> JSONValue {
        for file in value.allFiles where file.isTemporary { temporaryFiles.insert(file.path) }
        guard case .file(let file) = value else { return try await inlined(value) }
        if let cached = delivered[file.path] { return cached }
        let encoded: JSONValue
        if let uploadURL {
            encoded = .string(try await upload(file, to: uploadURL))
        } else {
            encoded = try await inlined(value)
        }
        delivered[file.path] = encoded
        return encoded
    }

    /// The value with its files as data URLs. Files are read on NIO's thread pool: this code
    /// runs on the server's event loops (EventLoopTaskExecutor), which must not wait for disks.
    private func inlined(_ value: OutputValue) async throws(OutputUploadError) -> JSONValue {
        let encode = { @Sendable in try value.jsonValue { file in .string(file.dataURL(contents: try Data(contentsOf: URL(fileURLWithPath: file.path)))) } }
        do {
            return value.allFiles.isEmpty ? try encode() : try await NIOThreadPool.singleton.runIfActive(encode)
        } catch {
            throw OutputUploadError(reason: "failed to read output file: \(error.localizedDescription)")
        }
    }

    private func upload(_ file: OutputFile, to base: String) async throws(OutputUploadError) -> String {
        let data: Data
        do {
            data = try await NIOThreadPool.singleton.runIfActive { try Data(contentsOf: URL(fileURLWithPath: file.path)) }
        } catch {
            throw OutputUploadError(reason: "failed to read output file: \(error.localizedDescription)")
        }
        let basename = (file.path as NSString).lastPathComponent
        let escaped = basename.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? basename
        let url = (base.hasSuffix("/") ? base : base + "/") + escaped
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        request.headers.add(name: "content-type", value: file.contentType)
        request.body = .bytes(ByteBuffer(bytes: data))
        let response: HTTPClientResponse
        do {
            response = try await client().execute(request, timeout: .seconds(25))
            _ = try? await response.body.collect(upTo: 1 << 20)
        } catch {
            throw OutputUploadError(reason: "upload request failed: error sending request")
        }
        guard (200..<300).contains(response.status.code) else {
            throw OutputUploadError(reason: "upload returned status \(response.status.code) \(response.status.reasonPhrase)")
        }
        let final = response.headers.first(name: "location") ?? response.url?.absoluteString ?? url
        return Self.removingQuery(final)
    }

    /// The URL without its query string (`?sig=…`); text that is not an absolute URL is kept.
    static func removingQuery(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.scheme != nil else { return text }
        components.query = nil
        return components.string ?? text
    }
}
