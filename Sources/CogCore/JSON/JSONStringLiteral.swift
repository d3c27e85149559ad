// JSON string literals escaped as Go's encoding/json and serde_json escape them.

/// Quoting and escaping of JSON strings (and object keys).
public enum JSONStringLiteral {
    /// A JSON string literal escaped as Go ≥ 1.22's `encoding/json` escapes it: `\"`, `\\`, `\b`,
    /// `\f`, `\n`, `\r`, `\t`, other control characters as `\u00XX`, and (when `htmlSafe`, Go's
    /// default) `\u003c \u003e \u0026 \u2028 \u2029`; everything else as UTF-8. Without
    /// `htmlSafe` this is also exactly serde_json's escaping.
    public static func quote(_ text: String, escapesHTML htmlSafe: Bool) -> String {
        var text = text
        return text.withUTF8 { source in
            var index = ByteScan.firstJSONEscapeCandidate(in: source, from: 0, htmlSafe: htmlSafe)
            var output: [UInt8] = []
            var copiedUpTo = 0
            while index < source.count {
                if let (replacement, length) = Self.escape(source, at: index, htmlSafe: htmlSafe) {
                    if output.isEmpty {
                        output.reserveCapacity(source.count + source.count / 8 + 16)
                        output.append(UInt8(ascii: "\""))
                    }
                    output.append(contentsOf: source[copiedUpTo..<index])
                    output.append(contentsOf: replacement.utf8)
                    index += length
                    copiedUpTo = index
                } else {
                    index += 1
                }
                index = ByteScan.firstJSONEscapeCandidate(in: source, from: index, htmlSafe: htmlSafe)
            }
            guard !output.isEmpty else {
                // Nothing to escape (the usual case for long text): one copy between the quotes.
                return String(unsafeUninitializedCapacity: source.count + 2) { destination in
                    destination[0] = UInt8(ascii: "\"")
                    if let from = source.baseAddress, source.count > 0 {
                        (destination.baseAddress! + 1).update(from: from, count: source.count)
                    }
                    destination[source.count + 1] = UInt8(ascii: "\"")
                    return source.count + 2
                }
            }
            output.append(contentsOf: source[copiedUpTo...])
            output.append(UInt8(ascii: "\""))
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The escape for the character at `index` (and how many bytes it spans), or nil when it is
    /// written as is. Multi-byte characters other than U+2028/U+2029 are never escaped.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, htmlSafe: Bool) -> (String, Int)? {
        switch bytes[index] {
        case UInt8(ascii: "\""): return ("\\\"", 1)
        case UInt8(ascii: "\\"): return ("\\\\", 1)
        case 0x08: return ("\\b", 1)
        case 0x0C: return ("\\f", 1)
        case UInt8(ascii: "\n"): return ("\\n", 1)
        case UInt8(ascii: "\r"): return ("\\r", 1)
        case UInt8(ascii: "\t"): return ("\\t", 1)
        case 0x00...0x1F: return (unicodeEscape(UInt32(bytes[index])), 1)
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
            return htmlSafe ? (unicodeEscape(UInt32(bytes[index])), 1) : nil
        case 0xE2 where htmlSafe && index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            return (unicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029), 3)
        default: return nil
        }
    }

    private static let hexDigits = Array("0123456789abcdef")

    private static func unicodeEscape(_ value: UInt32) -> String {
        let digit = { (shift: UInt32) in hexDigits[Int(value >> shift & 0xF)] }
        return "\\u" + String([digit(12), digit(8), digit(4), digit(0)])
    }
}
