// Builds Hummingbird responses: JSON bodies printed as serde_json prints them, plain text, empty.
import CogCore
import Hummingbird

/// One place that turns models into response bytes.
enum HTTPResponses {
    /// A JSON response; keys sorted (coglet's serde maps) unless `keepOrder` (struct order).
    static func json(_ status: HTTPResponse.Status, _ body: some Encodable, keepOrder: Bool = false) -> Response {
        let text: String
        do {
            let value = try WireJSONEncoder.encode(body)
            text = value.text(keepOrder ? .serdeAsGiven : .serde)
        } catch {
            return plain(.internalServerError, "Failed to encode the response: \(error)")
        }
        return jsonText(status, text)
    }

    /// A JSON response with already-printed text.
    static func jsonText(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A `text/plain; charset=utf-8` response, as axum's extractor rejections are.
    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An empty body (404/405 of unknown routes).
    static func empty(_ status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentLength] = "0"
        return Response(status: status, headers: headers, body: ResponseBody())
    }
}
