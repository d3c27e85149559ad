// Parses request bodies into JSONValue with serde_json's error messages and positions.
import CogCore
import Foundation

/// A JSON syntax error worded as serde_json words it: `key must be a string at line 1 column 2`.
struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    let message: String
    let line: Int
    let column: Int

    var description: String { "\(message) at line \(line) column \(column)" }
}

/// Where a value sits in the text, for serde-style positions of type errors.
struct JSONValueSpan: Equatable {
    /// Line and column just before the value's first byte (serde's position for a container).
    let start: (line: Int, column: Int)
    /// Line and column of the value's last byte (serde's position for a scalar).
    let end: (line: Int, column: Int)

    static func == (lhs: JSONValueSpan, rhs: JSONValueSpan) -> Bool {
        lhs.start == rhs.start && lhs.end == rhs.end
    }
}

/// A strict RFC 8259 parser that keeps integers apart from floats (as serde_json does) and
/// records the spans of values up to two levels deep, keyed `key`, `key.sub` or `key[0]`.
struct RequestJSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private(set) var spans: [String: JSONValueSpan] = [:]
    /// Top-level keys that appeared more than once.
    private(set) var duplicateTopLevelKeys: [String] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses the whole text; trailing non-whitespace is an error.
    mutating func parse() throws(JSONSyntaxError) -> JSONValue {
        let value = try parseValue(path: nil, depth: 0)
        skipWhitespace()
        if index < bytes.count { throw peekError("trailing characters") }
        return value
    }

    // MARK: Positions

    private func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 0
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 0 } else { column += 1 }
        }
        return (line, column)
    }

    /// `position(of:)` for offsets that only grow (the spans), counted on from the last one.
    private var counted = (offset: 0, line: 1, column: 0)

    private mutating func advancePosition(to offset: Int) -> (line: Int, column: Int) {
        guard offset >= counted.offset else { return position(of: offset) }
        let end = min(offset, bytes.count)
        var (line, column) = (counted.line, counted.column)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var cursor = counted.offset
            // Jump from newline to newline (memchr) instead of looking at every byte.
            while cursor < end, let found = memchr(base + cursor, Int32(UInt8(ascii: "\n")), end - cursor) {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                line += 1
                column = 0
                cursor = newline + 1
            }
            column += end - cursor
        }
        counted = (offset, line, column)
        return (line, column)
    }

    /// serde's `error`: the position of the last consumed byte.
    private func error(_ message: String) -> JSONSyntaxError {
        let (line, column) = position(of: index)
        return JSONSyntaxError(message: message, line: line, column: column)
    }

    /// serde's `peek_error`: the position of the byte looked at.
    private func peekError(_ message: String) -> JSONSyntaxError {
        let (line, column) = position(of: min(index + 1, bytes.count))
        return JSONSyntaxError(message: message, line: line, column: column)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    // MARK: Values

    private mutating func parseValue(path: String?, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw peekError("EOF while parsing a value") }
        if depth > 127 { throw error("recursion limit exceeded") }
        // Positions are counted in the order of the text: the start before any nested value.
        let startPosition = path.map { _ in advancePosition(to: index) }
        let value: JSONValue
        switch byte {
        case UInt8(ascii: "{"): value = try parseObject(path: path, depth: depth)
        case UInt8(ascii: "["): value = try parseArray(path: path, depth: depth)
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try parseIdent("true"); value = .bool(true)
        case UInt8(ascii: "f"): try parseIdent("false"); value = .bool(false)
        case UInt8(ascii: "n"): try parseIdent("null"); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try parseNumber()
        default: throw peekError("expected value")
        }
        if let path, let startPosition {
            spans[path] = JSONValueSpan(start: startPosition, end: advancePosition(to: index))
        }
        return value
    }

    private mutating func parseIdent(_ word: String) throws(JSONSyntaxError) {
        for expected in word.utf8 {
            guard let byte = peek() else { throw error("EOF while parsing a value") }
            index += 1
            if byte != expected { throw error("expected ident") }
        }
    }

    private mutating func parseObject(path: String?, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var members = JSONObject()
        var first = true
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw peekError("EOF while parsing an object") }
            if byte == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            if first {
                first = false
                if byte != UInt8(ascii: "\"") { throw peekError("key must be a string") }
            } else if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: "\"")?: break
                case UInt8(ascii: "}")?: throw peekError("trailing comma")
                case nil: throw peekError("EOF while parsing a value")
                default: throw peekError("key must be a string")
                }
            } else {
                throw peekError("expected `,` or `}`")
            }
            let key = try parseString()
            skipWhitespace()
            guard let colon = peek() else { throw peekError("EOF while parsing an object") }
            if colon != UInt8(ascii: ":") { throw peekError("expected `:`") }
            index += 1
            let childPath: String? = depth == 0 ? key : (depth == 1 ? path.map { "\($0).\(key)" } : nil)
            if depth == 0, members[key] != nil { duplicateTopLevelKeys.append(key) }
            members[key] = try parseValue(path: childPath, depth: depth + 1)
        }
    }

    private mutating func parseArray(path: String?, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        var first = true
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw peekError("EOF while parsing a list") }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            if first {
                first = false
            } else if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: "]")?: throw peekError("trailing comma")
                case nil: throw peekError("EOF while parsing a value")
                default: break
                }
            } else {
                throw peekError("expected `,` or `]`")
            }
            let childPath: String? = depth == 1 ? path.map { "\($0)[\(items.count)]" } : nil
            items.append(try parseValue(path: childPath, depth: depth + 1))
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        // Fast path: no escapes, the string is one slice of the body.
        let start = index
        let stop = bytes.withUnsafeBufferPointer { ByteScan.firstJSONStringBreak(in: $0, from: start) }
        index = stop
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: bytes[start..<stop], as: UTF8.self)
        }
        var output = Array(bytes[start..<index])
        while true {
            guard let byte = peek() else { throw error("EOF while parsing a string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: output, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { throw error("EOF while parsing a string") }
                index += 1
                let scalar: Unicode.Scalar
                switch escape {
                case UInt8(ascii: "\""): scalar = "\""
                case UInt8(ascii: "\\"): scalar = "\\"
                case UInt8(ascii: "/"): scalar = "/"
                case UInt8(ascii: "b"): scalar = "\u{08}"
                case UInt8(ascii: "f"): scalar = "\u{0C}"
                case UInt8(ascii: "n"): scalar = "\n"
                case UInt8(ascii: "r"): scalar = "\r"
                case UInt8(ascii: "t"): scalar = "\t"
                case UInt8(ascii: "u"): scalar = try parseUnicodeEscape()
                default: throw error("invalid escape")
                }
                output.append(contentsOf: String(Character(scalar)).utf8)
            case 0x00...0x1F:
                throw error("control character (\\u0000-\\u001F) found while parsing a string")
            default:
                output.append(byte)
            }
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw error("EOF while parsing a string") }
            index += 1
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid escape")
            }
            value = value * 16 + digit
        }
        return value
    }

    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xDC00...0xDFFF).contains(first) { throw error("lone leading surrogate in hex escape") }
        if (0xD800...0xDBFF).contains(first) {
            guard peek() == UInt8(ascii: "\\") else { throw error("unexpected end of hex escape") }
            index += 1
            guard peek() == UInt8(ascii: "u") else { throw error("unexpected end of hex escape") }
            index += 1
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw error("lone leading surrogate in hex escape") }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { throw error("invalid unicode code point") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("invalid unicode code point") }
        return scalar
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let firstDigit = peek() else { throw error("EOF while parsing a value") }
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(firstDigit) else { throw peekError("invalid number") }
        index += 1
        if firstDigit == UInt8(ascii: "0"), let next = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) {
            throw peekError("invalid number")
        }
        skipDigits()
        var isFloat = false
        if peek() == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            guard let digit = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else {
                throw peek() == nil ? error("EOF while parsing a value") : peekError("invalid number")
            }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else {
                throw peek() == nil ? error("EOF while parsing a value") : peekError("invalid number")
            }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !isFloat, let integer = Int(text) { return .int(integer) }
        guard let double = Double(text), double.isFinite else { throw error("number out of range") }
        return .double(double)
    }

    private mutating func skipDigits() {
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
    }
}
