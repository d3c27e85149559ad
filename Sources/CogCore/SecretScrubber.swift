// Replaces a prediction's secret values (and their common encodings) in text the host emits.
import Foundation
import Synchronization

/// The raw values of a prediction's Secret inputs, and what they look like URL-encoded,
/// base64-encoded and JSON-escaped; `scrub` replaces every occurrence with `**********`.
///
/// The values are copied into `WipedBytes`, host memory that is overwritten when the last copy
/// of the scrubber is dropped (at the end of the prediction), and matched as UTF-8 bytes.
/// Values shorter than `minimumLength` are not scrubbed from text, so that a short secret such
/// as "1" never mangles ordinary output; `tooShort` tells the caller to warn about them.
public struct SecretScrubber: Sendable {
    public static let minimumLength = 6
    public static let mask = "**********"

    /// What to look for, longest first (so an encoding that contains the raw value wins).
    let needles: [WipedBytes]
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
            found.insert(String(JSONStringLiteral.quote(secret, escapesHTML: true).dropFirst().dropLast()))
            found.insert(String(JSONStringLiteral.quote(secret, escapesHTML: false).dropFirst().dropLast()))
        }
        needles = found.map(WipedBytes.init).sorted { $0.count > $1.count }
        var starts = [Bool](repeating: false, count: 256)
        for needle in needles { needle.withBytes { starts[Int($0[0])] = true } }
        firstBytes = starts
        firstByteValues = (0..<256).filter { starts[$0] }.map(UInt8.init)
        tooShort = short
    }

    /// Which bytes begin some needle: the scan skips every other byte at once.
    private let firstBytes: [Bool]
    /// The same bytes as a list (a few: the raw value's first byte, its base64's, ...), which
    /// `memchr` looks for.
    private let firstByteValues: [UInt8]

    /// No secret long enough to scrub: `scrub` returns its input unchanged.
    public var isEmpty: Bool { needles.isEmpty }

    /// The longest thing scrubbed, in UTF-8 bytes, for holding back the end of a stream.
    var longestNeedle: Int { needles.first?.count ?? 0 }

    public func scrub(_ text: String) -> String {
        guard !needles.isEmpty else { return text }
        var text = text
        return text.withUTF8 { scrub(bytes: $0) } ?? text
    }

    /// The scrubbed text, or nil when `bytes` holds no needle (the common case, which allocates
    /// nothing).
    func scrub(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: firstByteValues.count) { nextOccurrence in
            // Where each first byte next occurs at or after the scan (-1: not looked for yet), so
            // every byte of the text is searched for at most once per first byte.
            nextOccurrence.initialize(repeating: -1)
            func nextCandidate(from index: Int) -> Int {
                var nearest = bytes.count
                for (slot, value) in firstByteValues.enumerated() {
                    if nextOccurrence[slot] < index {
                        let found = memchr(base + index, Int32(value), bytes.count - index)
                        nextOccurrence[slot] = found.map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? bytes.count
                    }
                    nearest = min(nearest, nextOccurrence[slot])
                }
                return nearest
            }
            var output: [UInt8] = []
            var copiedUpTo = 0
            var index = nextCandidate(from: 0)
            while index < bytes.count {
                if let length = needleLength(at: index, in: bytes) {
                    if output.isEmpty { output.reserveCapacity(bytes.count) }
                    output.append(contentsOf: bytes[copiedUpTo..<index])
                    output.append(contentsOf: Self.mask.utf8)
                    index += length
                    copiedUpTo = index
                } else {
                    index += 1
                }
                index = nextCandidate(from: index)
            }
            guard copiedUpTo > 0 else { return nil }
            output.append(contentsOf: bytes[copiedUpTo...])
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The length of the longest needle that starts at `index`.
    private func needleLength(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let available = bytes.count - index
        for needle in needles where needle.count <= available {
            let matches = needle.withBytes { candidate in
                memcmp(candidate.baseAddress!, bytes.baseAddress! + index, candidate.count) == 0
            }
            if matches { return needle.count }
        }
        return nil
    }

    /// The length of the longest suffix of `bytes` that some needle begins with (a secret may
    /// be arriving split across writes). Needles are valid UTF-8, so the suffix starts on a
    /// character boundary.
    func partialNeedleLength(atEndOf bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let earliest = max(0, bytes.count - (longestNeedle - 1))
        for start in earliest..<bytes.count where firstBytes[Int(bytes[start])] {
            let suffix = UnsafeBufferPointer(rebasing: bytes[start...])
            let begins = needles.contains { needle in
                needle.count > suffix.count && needle.withBytes { memcmp($0.baseAddress!, suffix.baseAddress!, suffix.count) == 0 }
            }
            if begins { return suffix.count }
        }
        return 0
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
            let scrubbed = PredictionFailure(
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
/// (or `finish`). Held-back bytes are overwritten once they are passed on.
public final class StreamingScrubber: Sendable {
    private let scrubber: SecretScrubber
    /// The held-back bytes.
    private let pending = Mutex<[UInt8]>([])

    public init(_ scrubber: SecretScrubber) { self.scrubber = scrubber }

    /// The text that is safe to emit now.
    public func feed(_ chunk: String) -> String {
        guard !scrubber.isEmpty else { return chunk }
        let scrubber = scrubber
        return pending.withLock { pending in
            var joined = pending
            joined.append(contentsOf: chunk.utf8)
            Self.wipe(&pending)
            if let scrubbed = joined.withUnsafeBufferPointer({ scrubber.scrub(bytes: $0) }) {
                Self.wipe(&joined)
                joined = Array(scrubbed.utf8)
            }
            let held = joined.withUnsafeBufferPointer { scrubber.partialNeedleLength(atEndOf: $0) }
            pending = Array(joined.suffix(held))
            return String(decoding: joined.dropLast(held), as: UTF8.self)
        }
    }

    /// Whatever was held back, scrubbed; call when the stream ends.
    public func finish() -> String {
        let scrubber = scrubber
        return pending.withLock { pending in
            let rest = scrubber.scrub(String(decoding: pending, as: UTF8.self))
            Self.wipe(&pending)
            return rest
        }
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } }
        bytes.removeAll()
    }
}
