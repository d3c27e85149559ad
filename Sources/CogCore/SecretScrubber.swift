// Replaces a prediction's secret values (and their common encodings) in text the host emits.
import Foundation

/// The raw values of a prediction's Secret inputs, and what they look like URL-encoded,
/// base64-encoded and JSON-escaped; `scrub` replaces every occurrence with `**********`.
///
/// Values shorter than `minimumLength` are not scrubbed from text, so that a short secret such
/// as "1" never mangles ordinary output; `tooShort` tells the caller to warn about them.
public struct SecretScrubber: Sendable {
    public static let minimumLength = 6
    public static let mask = "**********"

    /// What to look for, longest first (so an encoding that contains the raw value wins).
    let needles: [String]
    /// How many secret values were too short to scrub.
    public let tooShort: Int

    public init(secrets: [String]) {
        var found: Set<String> = []
        var short = 0
        for secret in Set(secrets) {
            guard secret.count >= Self.minimumLength else {
                if !secret.isEmpty { short += 1 }
                continue
            }
            found.insert(secret)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { found.insert(encoded) }
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) { found.insert(encoded) }
            found.insert(secret.replacingOccurrences(of: " ", with: "+"))
            found.insert(Data(secret.utf8).base64EncodedString())
            found.insert(Data(secret.utf8).base64EncodedString().trimmingCharacters(in: CharacterSet(charactersIn: "=")))
            found.insert(String(GoJSONFormatter.quote(secret).dropFirst().dropLast()))
            found.insert(String(GoJSONFormatter.quote(secret, htmlSafe: false).dropFirst().dropLast()))
        }
        needles = found.sorted { $0.count > $1.count }
        tooShort = short
    }

    /// No secret long enough to scrub: `scrub` returns its input unchanged.
    public var isEmpty: Bool { needles.isEmpty }

    /// The longest thing scrubbed, for holding back the end of a stream.
    var longestNeedle: Int { needles.first?.count ?? 0 }

    public func scrub(_ text: String) -> String {
        guard !needles.isEmpty else { return text }
        var result = text
        for needle in needles where result.contains(needle) {
            result = result.replacingOccurrences(of: needle, with: Self.mask)
        }
        return result
    }

    /// A JSON value with every string scrubbed.
    public func scrub(_ value: JSONValue) -> JSONValue {
        guard !needles.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(scrub(text))
        case .array(let items): return .array(items.map(scrub))
        case .object(let fields): return .object(fields.mapValues(scrub))
        default: return value
        }
    }

    /// An output with every string scrubbed (file contents are not inspected).
    public func scrub(_ value: OutputValue) -> OutputValue {
        guard !needles.isEmpty else { return value }
        switch value {
        case .json(let json): return .json(scrub(json))
        case .file: return value
        case .array(let items): return .array(items.map(scrub))
        case .object(let fields): return .object(fields.mapValues(scrub))
        }
    }

    /// A finished prediction with its output, error text, traceback and metrics scrubbed.
    public func scrub(_ outcome: PredictionOutcome) -> PredictionOutcome {
        guard !needles.isEmpty else { return outcome }
        switch outcome {
        case .succeeded(let output, let metrics):
            return .succeeded(output: scrub(output), metrics: metrics.mapValues(scrub))
        case .failed(let error, let metrics):
            let scrubbed = UserCodeError(
                typeName: error.typeName, message: scrub(error.message), traceback: error.traceback.map(scrub), origin: error.origin)
            return .failed(scrubbed, metrics: metrics.mapValues(scrub))
        case .canceled(let metrics):
            return .canceled(metrics: metrics.mapValues(scrub))
        }
    }

    /// Progress with its text, output or metric value scrubbed.
    public func scrub(_ progress: PredictionProgress) -> PredictionProgress {
        guard !needles.isEmpty else { return progress }
        switch progress {
        case .log(let text, let source): return .log(text: scrub(text), source: source)
        case .output(let value): return .output(scrub(value))
        case .metric(let name, let value, let mode): return .metric(name: scrub(name), value: scrub(value), mode: mode)
        }
    }
}

extension PredictorInterface {
    /// The raw values of the Secret-typed inputs (`Secret`, `Optional[Secret]`, `list[Secret]`)
    /// in `input`, and of their string defaults when omitted.
    public func secretValues(in input: [String: JSONValue]) -> [String] {
        inputs.flatMap { parameter -> [String] in
            guard parameter.type.containsSecret else { return [] }
            switch input[parameter.name] ?? parameter.declaredDefault ?? .null {
            case .string(let value): return [value]
            case .array(let items): return items.compactMap { if case .string(let value) = $0 { return value } else { return nil } }
            default: return []
            }
        }
    }
}

/// Scrubs a stream of text chunks, so a secret split across two writes is still caught: the
/// end of each chunk that could be the start of a secret is held back until the next chunk
/// (or `finish`).
public final class StreamingScrubber: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `pending` is guarded by `lock`.
    private let scrubber: SecretScrubber
    private let lock = NSLock()
    private var pending = ""

    public init(_ scrubber: SecretScrubber) { self.scrubber = scrubber }

    /// The text that is safe to emit now.
    public func feed(_ chunk: String) -> String {
        guard !scrubber.isEmpty else { return chunk }
        lock.lock()
        defer { lock.unlock() }
        let scrubbed = scrubber.scrub(pending + chunk)
        let held = heldBackLength(scrubbed)
        pending = String(scrubbed.suffix(held))
        return String(scrubbed.dropLast(held))
    }

    /// Whatever was held back, scrubbed; call when the stream ends.
    public func finish() -> String {
        lock.lock()
        defer { lock.unlock() }
        let rest = scrubber.scrub(pending)
        pending = ""
        return rest
    }

    /// The length of the longest suffix of `text` that begins some needle.
    private func heldBackLength(_ text: String) -> Int {
        let limit = min(text.count, scrubber.longestNeedle - 1)
        guard limit > 0 else { return 0 }
        for length in stride(from: limit, through: 1, by: -1) {
            let suffix = text.suffix(length)
            if scrubber.needles.contains(where: { $0.hasPrefix(suffix) }) { return length }
        }
        return 0
    }
}
