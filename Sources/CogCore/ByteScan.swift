// Finding the next byte of interest in long UTF-8 text eight bytes at a time (JSON strings of
// a megabyte are common inputs and outputs: a byte-by-byte loop was a fifth of their cost).

/// Word-at-a-time searches over byte buffers. Each test looks at eight bytes as one `UInt64`
/// and only says whether the word may hold a byte of interest; the caller's byte loop decides.
public enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Non-zero when some byte of `word` equals `byte`.
    @inline(__always)
    private static func has(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highBits
    }

    /// Non-zero when some byte of `word` is below `limit` (at most 0x80) or has its high bit set.
    @inline(__always)
    private static func hasBelowOrHigh(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        ((word &- ones &* UInt64(limit)) & ~word & highBits) | (word & highBits)
    }

    /// Non-zero when some byte of `word` is below `limit` (at most 0x80).
    @inline(__always)
    private static func hasBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highBits
    }

    /// The first index at or after `start` of `"`, `\` or a control character (below 0x20): where
    /// a JSON string's plain run ends. `bytes.count` when there is none.
    public static func firstJSONStringBreak(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var index = start
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if has(word, 0x22) | has(word, 0x5C) | hasBelow(word, 0x20) != 0 { break }
            index += 8
        }
        while index < bytes.count {
            let byte = base[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    /// The first index at or after `start` that writing `bytes` as a JSON string may have to
    /// escape: `"`, `\`, control characters, any non-ASCII byte (U+2028 and U+2029 are escaped)
    /// and, when `htmlSafe`, `<`, `>` and `&`. `bytes.count` when there is none.
    public static func firstJSONEscapeCandidate(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, htmlSafe: Bool) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var index = start
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            var found = has(word, 0x22) | has(word, 0x5C) | hasBelowOrHigh(word, 0x20)
            if htmlSafe { found |= has(word, 0x3C) | has(word, 0x3E) | has(word, 0x26) }
            if found != 0 { break }
            index += 8
        }
        while index < bytes.count {
            let byte = base[index]
            if byte < 0x20 || byte >= 0x80 || byte == 0x22 || byte == 0x5C { return index }
            if htmlSafe, byte == 0x3C || byte == 0x3E || byte == 0x26 { return index }
            index += 1
        }
        return index
    }
}
