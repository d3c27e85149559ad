// Reads an HTTP Accept header: which of two media types the client prefers (q-values, wildcards).
import HTTPTypes

/// The media ranges of an `Accept` header with their q-values (RFC 9110 §12.5.1).
struct AcceptPreference: Sendable {
    private struct Range {
        let type: Substring
        let subtype: Substring
        let quality: Double
    }

    private let ranges: [Range]

    init(_ headers: HTTPFields) {
        let text = headers[values: .accept].joined(separator: ",")
        ranges = text.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ";").map { $0.trimmingSpaces }
            guard let mediaRange = pieces.first, !mediaRange.isEmpty else { return nil }
            let names = mediaRange.lowercased().split(separator: "/", maxSplits: 1)
            guard names.count == 2 else { return nil }
            var quality = 1.0
            for parameter in pieces.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                if pair.count == 2, pair[0].lowercased() == "q", let value = Double(pair[1]) { quality = min(max(value, 0), 1) }
            }
            return Range(type: Substring(names[0]), subtype: Substring(names[1]), quality: quality)
        }
    }

    /// The q-value the header gives `type/subtype`: from the most specific range that matches
    /// it (exact, then `type/*`, then `*/*`); 0 when none does.
    func quality(of mediaType: String) -> Double {
        let names = mediaType.lowercased().split(separator: "/", maxSplits: 1)
        guard names.count == 2 else { return 0 }
        var best: (specificity: Int, quality: Double) = (-1, 0)
        for range in ranges {
            let specificity: Int
            if range.type == names[0] && range.subtype == names[1] {
                specificity = 2
            } else if range.type == names[0] && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > best.specificity { best = (specificity, range.quality) }
        }
        return best.quality
    }

    /// True when the client asks for `preferred` more than for `other` (ties go to `other`, so
    /// `*/*` and a missing header keep the JSON answer).
    func prefers(_ preferred: String, over other: String) -> Bool {
        let wanted = quality(of: preferred)
        return wanted > 0 && wanted > quality(of: other)
    }
}
