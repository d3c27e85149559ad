// Where `cog run` writes file outputs: output.<ext>, output.<i>.<ext>, or what -o says.
import Foundation

/// Cog's CLI naming of output files (cli.md §5.4).
public enum OutputFileNaming {
    /// The path for a single file. `destination` keeps its extension if it has one; otherwise
    /// the extension comes from the file's MIME type (`output` → `output.png`).
    public static func path(for file: OutputFile, destination: String) -> String {
        if !(destination as NSString).pathExtension.isEmpty { return destination }
        return destination + fileExtension(for: file)
    }

    /// The path for element `index` of a list: `<destination without ext>.<index><ext>`, where
    /// the extension is the destination's, else the file's.
    public static func path(for file: OutputFile, destination: String, index: Int) -> String {
        let destinationExtension = (destination as NSString).pathExtension
        let stem = destinationExtension.isEmpty ? destination : (destination as NSString).deletingPathExtension
        let fileExtension = destinationExtension.isEmpty ? fileExtension(for: file) : "." + destinationExtension
        return "\(stem).\(index)\(fileExtension)"
    }

    /// `.png` for image/png, `.jpg` for image/jpeg, `.txt` for text/plain, `.bin` for
    /// application/octet-stream; otherwise the source file's own extension.
    public static func fileExtension(for file: OutputFile) -> String {
        if let known = MIMETypes.preferredExtension[file.contentType] { return "." + known }
        let own = (file.path as NSString).pathExtension
        return own.isEmpty ? "" : "." + own
    }
}
