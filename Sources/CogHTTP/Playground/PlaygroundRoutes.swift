// GET /playground and its files, the HTML answer of GET / for browsers, and the playground's poll.
import CogCore
import Foundation
import HTTPTypes
import Hummingbird

/// The browser playground's endpoints (only when `ServerConfiguration.playgroundEnabled`):
///
/// - `GET /playground`: the page; `GET /playground/playground.css|js`: its files.
/// - `PUT /playground/predictions/{id}` (and `/trainings/{id}`): Cog's synchronous
///   `PUT /predictions/{id}`, except that a failed or canceled prediction's body keeps its logs.
/// - `GET /playground/predictions/{id}` (and `/trainings/{id}`): the state of an in-flight
///   prediction without its input, or 404 once it ended. Cog's API has no read endpoint (a
///   repeated `PUT` would start a new prediction after the first one ended), so the page runs
///   a non-streaming prediction with the synchronous `PUT` above, which answers with the final
///   state, and polls this for status, logs, metrics and outputs meanwhile.
/// - `GET /` from a client whose `Accept` prefers `text/html` to `application/json`: a small
///   page linking to the playground; everyone else keeps Cog's JSON index document.
///
/// Every response carries a Content-Security-Policy that allows only this server (and
/// `data:`/`blob:` for rendered outputs, plus the `--upload-url` origin where outputs live).
struct PlaygroundRoutes {
    let server: CogHTTPServer

    /// Whether `GET /` should get the HTML welcome page instead of the JSON index.
    static func wantsHTML(_ request: Request) -> Bool {
        AcceptPreference(request.headers).prefers("text/html", over: "application/json")
    }

    /// `segments` is the path after `/playground` (empty for the page itself); nil when no
    /// playground route matches.
    func respond(to request: Request, segments: ArraySlice<String>) async -> Response? {
        switch segments.count {
        case 0:
            return asset(.page)
        case 1:
            return PlaygroundAsset.files[segments[segments.startIndex]].map(asset)
        case 2 where ["predictions", "trainings"].contains(segments[segments.startIndex]) && !segments.last!.isEmpty:
            let (id, isTraining) = (CogResponder.decoded(segments.last!), segments.first == "trainings")
            if request.method == .put {
                var routes = PredictionRoutes(server: server, isTraining: isTraining)
                routes.keepsLogsOnFailure = true
                return await routes.create(request, pathID: id)
            }
            return await inFlightState(id: id, isTraining: isTraining)
        default:
            return nil
        }
    }

    /// The welcome page of `GET /` for browsers.
    func welcome() -> Response { asset(.welcome) }

    private func asset(_ file: PlaygroundAsset) -> Response {
        var headers = securityHeaders
        headers[.contentType] = file.contentType
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    private func inFlightState(id: String, isTraining: Bool) async -> Response {
        guard let run = await server.registry.run(withID: id), run.isTraining == isTraining else {
            return HTTPResponses.json(.notFound, ResponseBodies.Empty())
        }
        var response = HTTPResponses.json(.ok, await run.snapshot(includingInput: false))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Content-Security-Policy and friends for the playground's files.
    var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[Self.contentSecurityPolicy] = Self.contentSecurityPolicy(uploadURL: server.configuration.uploadURL)
        headers[Self.contentTypeOptions] = "nosniff"
        headers[Self.referrerPolicy] = "no-referrer"
        headers[Self.frameOptions] = "DENY"
        headers[Self.crossOriginOpenerPolicy] = "same-origin"
        return headers
    }

    /// Scripts, styles and requests only from this server; images and media also from `data:`
    /// and `blob:` URLs (file outputs) and from the upload URL's origin, if there is one; no
    /// native form submissions, frames, plugins or `<base>`.
    static func contentSecurityPolicy(uploadURL: String?) -> String {
        var mediaSources = "'self' data: blob:"
        if let origin = uploadURL.flatMap(Self.origin) { mediaSources += " " + origin }
        return [
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
            "img-src \(mediaSources)", "media-src \(mediaSources)", "form-action 'none'",
            "base-uri 'none'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// `scheme://host[:port]` of an http(s) URL, or nil.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              host.allSatisfy({ $0.isLetter || $0.isNumber || "-.:[]".contains($0) })
        else { return nil }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)" + (components.port.map { ":\($0)" } ?? "")
    }

    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
}
