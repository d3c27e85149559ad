// File extension ⇄ MIME type, as Cog's CLI maps them for data URLs and output files.

public enum MIMETypes {
    static let byExtension: [String: String] = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "bmp": "image/bmp", "svg": "image/svg+xml", "txt": "text/plain", "json": "application/json",
        "csv": "text/csv", "html": "text/html", "wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg",
        "flac": "audio/flac", "mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime",
        "glb": "model/gltf-binary", "gltf": "model/gltf+json", "pdf": "application/pdf", "zip": "application/zip",
        "tar": "application/x-tar", "gz": "application/gzip", "npy": "application/octet-stream",
    ]

    /// The MIME type for a file name, `application/octet-stream` when unknown.
    public static func type(forPath path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "application/octet-stream" }
        return byExtension[path[path.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    /// The extension Cog's CLI gives a MIME type when it names an output file.
    static let preferredExtension: [String: String] = [
        "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/bmp": "bmp",
        "image/x-ms-bmp": "bmp", "image/svg+xml": "svg", "image/tiff": "tiff", "text/plain": "txt",
        "application/json": "json", "text/csv": "csv", "text/html": "html", "audio/wav": "wav", "audio/x-wav": "wav",
        "audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/flac": "flac", "video/mp4": "mp4", "video/webm": "webm",
        "video/quicktime": "mov", "model/gltf-binary": "glb", "model/gltf+json": "gltf", "application/pdf": "pdf",
        "application/zip": "zip", "application/octet-stream": "bin",
    ]
}
