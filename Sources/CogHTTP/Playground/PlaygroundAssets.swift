// The playground's HTML, CSS and JavaScript, compiled into the binary by SwiftPM's embedInCode.

/// The files of the browser playground (`Sources/CogHTTP/Playground/*.html|css|js`). SwiftPM
/// turns each into a byte array of `PackageResources` at build time, so the binary serves them
/// without any file beside it and nothing is fetched from elsewhere.
struct PlaygroundAsset: Sendable {
    let bytes: [UInt8]
    let contentType: String

    /// The playground page (`GET /playground`).
    static let page = PlaygroundAsset(bytes: PackageResources.playground_html, contentType: "text/html; charset=utf-8")
    /// The page a browser gets for `GET /` (JSON clients still get Cog's index document).
    static let welcome = PlaygroundAsset(bytes: PackageResources.welcome_html, contentType: "text/html; charset=utf-8")

    /// The static files under `/playground/`, by name.
    static let files: [String: PlaygroundAsset] = [
        "playground.css": PlaygroundAsset(bytes: PackageResources.playground_css, contentType: "text/css; charset=utf-8"),
        "playground.js": PlaygroundAsset(bytes: PackageResources.playground_js, contentType: "text/javascript; charset=utf-8"),
    ]
}
