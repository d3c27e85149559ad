// Prints JSON the way Rust's serde_json does (Cog's HTTP server): compact, sorted keys, ryu numbers.

/// Compact JSON text byte-for-byte as coglet's `serde_json` writes it: no whitespace, object keys
/// sorted by bytes (serde's `BTreeMap`), strings escaped minimally (`\"`, `\\`, `\b \f \n \r \t`,
/// other control characters as `\u00xx`; `/`, `<` and non-ASCII as is), and floating-point numbers
/// in ryu's shortest form (`1.0`, `0.0012`, `1e-7`, `1.5e300`).
public enum SerdeJSONText {
    /// `value` with every object's keys sorted (by bytes, as serde's `BTreeMap` and Go agree).
    public static func text(_ value: JSONValue) -> String {
        text(OrderedJSON(value))
    }

    /// `value` with object keys in the order the value holds them.
    public static func text(_ value: OrderedJSON) -> String {
        var output = ""
        write(value, into: &output)
        return output
    }

    private static func write(_ value: OrderedJSON, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += formatDouble(number)
        case .string(let text): output += quote(text)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { output += "," }
                output += quote(key) + ":"
                write(member, into: &output)
            }
            output += "}"
        }
    }

    /// A string literal escaped as serde_json escapes it.
    public static func quote(_ text: String) -> String {
        GoJSONFormatter.quote(text, htmlSafe: false)
    }

    /// A double as ryu (serde_json's float printer) formats it; non-finite values print `null`.
    public static func formatDouble(_ number: Double) -> String {
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
