// The one JSON printer: a JSONValue written as text in a JSONStyle.

extension JSONValue {
    /// The value as JSON text in `style`. `startIndent` is the indent of the line the value
    /// starts on, for a value printed inside other text (nested lines get it as a prefix).
    public func text(_ style: JSONStyle, startIndent: String = "") -> String {
        var output = ""
        write(into: &output, style: style, currentIndent: startIndent)
        return output
    }

    /// Go's `json.Marshal` text (keys as held).
    public var compactText: String { text(.goCompact) }

    /// Go's `json.MarshalIndent(v, "", "  ")` text (keys as held).
    public func indentedText() -> String { text(.goIndented) }

    private func write(into output: inout String, style: JSONStyle, currentIndent: String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += JSONNumberText.text(number, form: style.numbers)
        case .string(let text): output += JSONStringLiteral.quote(text, escapesHTML: style.escapesHTML)
        case .array(let items):
            output += "["
            guard !items.isEmpty else { output += "]"; return }
            let innerIndent = style.indent.map { currentIndent + $0 } ?? currentIndent
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                if style.indent != nil { output += "\n" + innerIndent }
                item.write(into: &output, style: style, currentIndent: innerIndent)
            }
            if style.indent != nil { output += "\n" + currentIndent }
            output += "]"
        case .object(let members):
            output += "{"
            guard !members.isEmpty else { output += "}"; return }
            let innerIndent = style.indent.map { currentIndent + $0 } ?? currentIndent
            let separator = style.indent == nil ? ":" : ": "
            let ordered = style.sortsKeys ? members.elementsSortedByKey() : members.elements
            for (index, (key, value)) in ordered.enumerated() {
                if index > 0 { output += "," }
                if style.indent != nil { output += "\n" + innerIndent }
                output += JSONStringLiteral.quote(key, escapesHTML: style.escapesHTML) + separator
                value.write(into: &output, style: style, currentIndent: innerIndent)
            }
            if style.indent != nil { output += "\n" + currentIndent }
            output += "}"
        }
    }
}
