// Prints JSON the way Cog's Go CLI does (json.MarshalIndent): sorted keys, 2-space indent.
import Foundation

/// Formats a `JSONValue` byte-for-byte like Go's `json.MarshalIndent(v, "", "  ")`, which is what
/// `cog run` prints for non-string outputs and for `--json` results.
public enum GoJSONFormatter {
    public static func format(_ value: JSONValue, indent: String = "") -> String {
        var output = ""
        write(value, indent: indent, into: &output)
        return output
    }

    /// Formats an ordered list of top-level fields (the `--json` result document keeps Go's struct order).
    public static func formatObject(orderedFields: [(String, JSONValue)]) -> String {
        guard !orderedFields.isEmpty else { return "{}" }
        var output = "{\n"
        for (index, (key, value)) in orderedFields.enumerated() {
            output += "  " + quote(key) + ": "
            write(value, indent: "  ", into: &output)
            output += index == orderedFields.count - 1 ? "\n" : ",\n"
        }
        return output + "}"
    }

    private static func write(_ value: JSONValue, indent: String, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += formatNumber(number)
        case .string(let text): output += quote(text)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += indent + "  "
                write(item, indent: indent + "  ", into: &output)
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { output += "{}"; return }
            output += "{\n"
            let keys = fields.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (index, key) in keys.enumerated() {
                output += indent + "  " + quote(key) + ": "
                write(fields[key]!, indent: indent + "  ", into: &output)
                output += index == keys.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        }
    }

    /// Go's float64 encoding: shortest round-trip digits; exponent form (`1e-7`, `1e+21`) only
    /// below 1e-6 or from 1e21; integral values print without a fraction.
    static func formatNumber(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        let magnitude = abs(number)
        if magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 {
            // Swift's shortest form is "1e-07"/"1e+21"; Go drops the exponent's leading zero.
            var text = "\(number)"
            if let e = text.range(of: "e") {
                var exponent = String(text[e.upperBound...])
                let sign = exponent.hasPrefix("-") ? "-" : "+"
                exponent = exponent.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
                while exponent.count > 1, exponent.hasPrefix("0") { exponent.removeFirst() }
                text = String(text[..<e.lowerBound]) + "e" + sign + exponent
            }
            return text
        }
        let text = expandExponent("\(number)")
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Rewrites Swift's shortest representation (`7.0014e-05`) in plain decimal (`0.000070014`).
    static func expandExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]) else { return text }
        var mantissa = String(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = String(parts[0])
        let fractionDigits = parts.count > 1 ? String(parts[1]) : ""
        var digits = integerDigits + fractionDigits
        var point = integerDigits.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: -point + 1) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var whole = String(digits.prefix(point))
        var fraction = String(digits.dropFirst(point))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A JSON string literal escaped as Go ≥ 1.22's `encoding/json` escapes it: `\"`, `\\`, `\b`,
    /// `\f`, `\n`, `\r`, `\t`, other control characters as `\u00XX`, and (when `htmlSafe`, Go's
    /// default) `\u003c \u003e \u0026 \u2028 \u2029`; everything else as UTF-8. Without
    /// `htmlSafe` this is also exactly serde_json's escaping.
    static func quote(_ text: String, htmlSafe: Bool = true) -> String {
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
