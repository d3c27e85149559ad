// The MIME types Cog's runtime gives the files a prediction returns at the top level (a file, a
// list of files, streamed files): coglet guesses them from the extension with the Rust crate
// mime_guess 2.0.5, whose table differs from Python's (`.wav` is audio/wav, not audio/x-wav).
// Files nested inside objects get Python's `mimetypes` guess instead, as in Cog.

public enum RuntimeMIMETypes {
    /// The type for a file name (the extension after the last dot, any case);
    /// `application/octet-stream` when unknown or absent.
    public static func type(forPath path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    /// Extension → type, built once (on the first file output) from `RuntimeMIMETypes.txt`:
    /// one line per type, the type and then the extensions mime_guess 2.0.5 maps to it first.
    static let byExtension: [String: String] = {
        var types: [String: String] = [:]
        let table = String(decoding: PackageResources.RuntimeMIMETypes_txt, as: UTF8.self)
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            for fileExtension in fields.dropFirst() { types[String(fileExtension)] = String(fields[0]) }
        }
        return types
    }()
}
