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
}
