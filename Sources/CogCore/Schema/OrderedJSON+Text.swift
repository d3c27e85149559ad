// Prints an OrderedJSON as Go's encoding/json does: compact (Marshal) or indented (MarshalIndent).
import Foundation

extension OrderedJSON {
    /// The bytes of Go's `json.Marshal`: no whitespace, keys in the value's order.
    public var compactText: String {
        var output = ""
        write(into: &output, indentUnit: nil, currentIndent: "")
        return output
    }

    /// The bytes of Go's `json.MarshalIndent(v, "", indentUnit)`: `"key": value`, one member per
    /// line, empty objects and arrays as `{}` and `[]`, no trailing newline.
    public func indentedText(indentUnit: String = "  ") -> String {
        var output = ""
        write(into: &output, indentUnit: indentUnit, currentIndent: "")
        return output
    }

    private func write(into output: inout String, indentUnit: String?, currentIndent: String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += GoJSONFormatter.formatNumber(number)
        case .string(let text): output += GoJSONFormatter.quote(text)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", into: &output, indentUnit: indentUnit, currentIndent: currentIndent)
        case .object(let members):
            writeContainer(members.map { ($0.0, $0.1) }, open: "{", close: "}", into: &output, indentUnit: indentUnit, currentIndent: currentIndent)
        }
    }

    private func writeContainer(
        _ entries: [(String?, OrderedJSON)], open: String, close: String, into output: inout String,
        indentUnit: String?, currentIndent: String
    ) {
        output += open
        guard !entries.isEmpty else { output += close; return }
        let innerIndent = currentIndent + (indentUnit ?? "")
        for (index, (key, value)) in entries.enumerated() {
            if index > 0 { output += "," }
            if indentUnit != nil { output += "\n" + innerIndent }
            if let key {
                output += GoJSONFormatter.quote(key) + (indentUnit == nil ? ":" : ": ")
            }
            value.write(into: &output, indentUnit: indentUnit, currentIndent: innerIndent)
        }
        if indentUnit != nil { output += "\n" + currentIndent }
        output += close
    }
}
