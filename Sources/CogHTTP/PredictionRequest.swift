// The body of POST /predictions and PUT /predictions/{id}, decoded with axum's error texts.
import CogCore

/// A webhook event a request can ask for (`webhook_events_filter`).
public enum WebhookEvent: String, Sendable, CaseIterable, Codable {
    case start, output, logs, completed
}

/// What a client asked for. Unknown top-level fields are ignored, as coglet ignores them.
struct PredictionRequest: Equatable {
    var id: String?
    /// `input` as sent (`null`/absent → `{}`); validated later against the interface.
    var input: JSONValue = .object([:])
    var context: [String: String] = [:]
    var webhook: String?
    var webhookEventsFilter: Set<WebhookEvent> = Set(WebhookEvent.allCases)

    /// A request body problem, with the status and plain-text body axum sends.
    struct Rejection: Error, Equatable {
        let status: Int
        let text: String
    }

    /// Decodes a body the way coglet's `Option<Json<PredictionRequest>>` does: no
    /// `Content-Type` → the body is ignored (`{}`); a non-JSON type → 415; bad JSON → 400;
    /// fields of the wrong type → 422.
    static func decode(body: [UInt8], contentType: String?) -> Result<PredictionRequest, Rejection> {
        guard let contentType else { return .success(PredictionRequest()) }
        guard isJSONContentType(contentType) else {
            return .failure(Rejection(status: 415, text: "Expected request with `Content-Type: application/json`"))
        }
        var parser = RequestJSONParser(body)
        let value: JSONValue
        do {
            value = try parser.parse()
        } catch {
            return .failure(Rejection(status: 400, text: "Failed to parse the request body as JSON: \(error)"))
        }
        return decodeFields(value, parser: parser)
    }

    /// `application/json`, `application/json; charset=utf-8`, `application/<x>+json`.
    static func isJSONContentType(_ value: String) -> Bool {
        let essence = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces.lowercased() } ?? ""
        let parts = essence.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, parts[0] == "application" else { return false }
        return parts[1] == "json" || parts[1].hasSuffix("+json")
    }

    private static func decodeFields(_ value: JSONValue, parser: RequestJSONParser) -> Result<PredictionRequest, Rejection> {
        func reject(_ path: String, _ message: String, position: (line: Int, column: Int)) -> Result<PredictionRequest, Rejection> {
            let prefix = path.isEmpty ? "" : "\(path): "
            return .failure(Rejection(status: 422, text: "Failed to deserialize the JSON body into the target type: \(prefix)\(message) at line \(position.line) column \(position.column)"))
        }
        func position(_ path: String, _ value: JSONValue) -> (line: Int, column: Int) {
            guard let span = parser.spans[path] else { return (1, 0) }
            switch value {
            case .array, .object: return span.start
            default: return span.end
            }
        }
        guard case .object(let members) = value else {
            return reject("", "invalid type: \(unexpected(value)), expected struct PredictionRequest", position: (1, 0))
        }
        if let duplicate = parser.duplicateTopLevelKeys.first(where: { ["id", "input", "context", "webhook", "webhook_events_filter"].contains($0) }) {
            return reject("", "duplicate field `\(duplicate)`", position: parser.spans[duplicate]?.end ?? (1, 0))
        }
        var request = PredictionRequest()
        for key in ["id", "webhook"] {
            switch members[key] {
            case nil, .null?: break
            case .string(let text)?:
                if key == "id" { request.id = text } else { request.webhook = text }
            case let other?:
                return reject(key, "invalid type: \(unexpected(other)), expected a string", position: position(key, other))
            }
        }
        if let input = members["input"], input != .null { request.input = input }
        if let context = members["context"] {
            guard case .object(let entries) = context else {
                return reject("context", "invalid type: \(unexpected(context)), expected a map", position: position("context", context))
            }
            for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
                guard case .string(let text) = entry else {
                    let path = "context.\(key)"
                    return reject(path, "invalid type: \(unexpected(entry)), expected a string", position: position(path, entry))
                }
                request.context[key] = text
            }
        }
        if let filter = members["webhook_events_filter"] {
            guard case .array(let items) = filter else {
                return reject("webhook_events_filter", "invalid type: \(unexpected(filter)), expected a sequence", position: position("webhook_events_filter", filter))
            }
            var events: Set<WebhookEvent> = []
            for (index, item) in items.enumerated() {
                let path = "webhook_events_filter[\(index)]"
                guard case .string(let name) = item else {
                    return reject(path, "invalid type: \(unexpected(item)), expected variant identifier", position: position(path, item))
                }
                guard let event = WebhookEvent(rawValue: name) else {
                    return reject(path, "unknown variant `\(name)`, expected one of `start`, `output`, `logs`, `completed`", position: position(path, item))
                }
                events.insert(event)
            }
            request.webhookEventsFilter = events
        }
        return .success(request)
    }

    /// serde's `Unexpected` wording for a value of the wrong type.
    static func unexpected(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return "boolean `\(flag)`"
        case .int(let number): return "integer `\(number)`"
        case .double(let number): return "floating point `\(JSONNumberText.text(number, form: .ryu))`"
        case .string(let text): return "string \(JSONStringLiteral.quote(text, escapesHTML: false))"
        case .array: return "sequence"
        case .object: return "map"
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        while result.last == " " || result.last == "\t" { result.removeLast() }
        return result
    }
}
