// A prediction's state as coglet sends it: webhook bodies, SSE `completed`, PUT echo, sync body.
import CogCore

/// `starting` → `processing` → `succeeded` | `failed` | `canceled`.
public enum PredictionStatus: String, Sendable, Codable {
    case starting, processing, succeeded, failed, canceled

    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .canceled }
}

/// The state snapshot (http.md §6). Optional members are left out when nil, so the same model
/// serves the sync body (`logs` emptied on failure), webhooks and the PUT echo (`input`).
struct PredictionSnapshot: Codable, Equatable, Sendable {
    let id: String
    let status: PredictionStatus
    var logs: String
    /// The final output, or the chunks so far; absent until there is one.
    var output: JSONValue?
    var error: String?
    var metrics: [String: JSONValue]
    /// Only in the PUT echo of an in-flight prediction (secrets masked).
    var input: [String: JSONValue]?

    /// What coglet returns to a synchronous request: no `input`; `logs` is `""` unless the
    /// prediction succeeded; `output` only on success.
    var syncBody: PredictionSnapshot {
        var body = self
        body.input = nil
        if status != .succeeded {
            body.logs = ""
            body.output = nil
        }
        return body
    }
}
