// Floating-point numbers as Go's encoding/json and Rust's ryu (serde_json) write them.
import Foundation

/// The text of a finite double in one of the two forms Cog's tools print; non-finite values
/// print `null` (neither format has a way to write them).
public enum JSONNumberText {
    public static func text(_ number: Double, form: JSONStyle.NumberForm) -> String {
        switch form {
        case .go: return goText(number)
        case .ryu: return ryuText(number)
        }
    }

    /// Go's float64 encoding: shortest round-trip digits; exponent form (`1e-7`, `1e+21`) only
    /// below 1e-6 or from 1e21; integral values print without a fraction.
    static func goText(_ number: Double) -> String {
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

    /// A double as ryu (serde_json's float printer) formats it; non-finite values print `null`.
    static func ryuText(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == 0 { return number.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = shortestDigits(abs(number))
        let sign = number < 0 ? "-" : ""
        let length = digits.count
        let pointPosition = length + exponent  // value = 0.<digits> × 10^pointPosition
        let body: String
        if exponent >= 0 && pointPosition <= 16 {
            body = digits + String(repeating: "0", count: exponent) + ".0"
        } else if pointPosition > 0 && pointPosition <= 16 {
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            body = String(digits[..<split]) + "." + String(digits[split...])
        } else if pointPosition > -5 && pointPosition <= 0 {
            body = "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if length == 1 {
            body = digits + "e" + String(pointPosition - 1)
        } else {
            body = String(digits.prefix(1)) + "." + String(digits.dropFirst()) + "e" + String(pointPosition - 1)
        }
        return sign + body
    }

    /// The shortest round-trip decimal digits of a positive finite double (no leading or trailing
    /// zeros) and the exponent `e` with value = digits × 10^e, taken from Swift's shortest form.
    static func shortestDigits(_ number: Double) -> (String, Int) {
        let text = "\(number)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        exponent -= fraction.count
        while digits.count > 1, digits.hasPrefix("0") { digits.removeFirst() }
        while digits.count > 1, digits.hasSuffix("0") {
            digits.removeLast()
            exponent += 1
        }
        return (digits, exponent)
    }
}
