// Turns `-i name=value` strings and `--json` documents into typed JSON inputs, as `cog run` does.
import CogCore
import Foundation

/// Cog's CLI rules for giving `-i` text a JSON type from the interface model (cli.md §2–3).
struct CLIInputCoercion: Sendable {
    let inputs: [InputParameter]
    /// Where relative `@file` paths are resolved.
    let workingDirectory: String
    /// For `@env:NAME` values of Secret inputs.
    let environment: [String: String]
    /// For `@-` values of Secret inputs: one line from standard input (the CLI turns off the
    /// terminal's echo while reading).
    let readSecretLine: @Sendable () -> String?

    init(
        inputs: [InputParameter], workingDirectory: String, environment: [String: String] = [:],
        readSecretLine: @escaping @Sendable () -> String? = { readLine(strippingNewline: true) }
    ) {
        self.inputs = inputs
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.readSecretLine = readSecretLine
    }

    /// Parses `name=value` flags (repeated names become arrays) into an input object.
    func coerce(flags: [String]) throws(InputValidationError) -> [String: JSONValue] {
        var grouped: [(String, [String])] = []
        for flag in flags {
            guard let equals = flag.firstIndex(of: "=") else { throw InputValidationError([.malformedFlag(flag)]) }
            let name = String(flag[..<equals])
            var value = String(flag[flag.index(after: equals)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            if let index = grouped.firstIndex(where: { $0.0 == name }) {
                grouped[index].1.append(value)
            } else {
                grouped.append((name, [value]))
            }
        }
        var result: [String: JSONValue] = [:]
        for (name, values) in grouped {
            let type = inputs.first { $0.name == name }?.type
            if values.count == 1 {
                result[name] = try coerce(values[0], name: name, type: type)
            } else {
                let itemType: ValueType? = type.flatMap { if case .list(let item) = $0.unwrapped { return item } else { return nil } }
                var items: [JSONValue] = []
                for value in values { items.append(try coerce(value, name: name, type: itemType)) }
                result[name] = .array(items)
            }
        }
        return result
    }

    /// Reads a `--json` document: only top-level strings starting with `@` become data URLs.
    func coerce(jsonDocument text: String) throws(InputValidationError) -> [String: JSONValue] {
        let decoded: JSONValue
        do {
            decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw InputValidationError([.invalidJSON(name: "--json", reason: "Failed to parse JSON: \(error)")])
        }
        guard case .object(var object) = decoded else {
            throw InputValidationError([.invalidJSON(name: "--json", reason: "Failed to parse JSON: expected a JSON object of inputs, got \(decoded.typeName)")])
        }
        let known = Set(inputs.map(\.name))
        let unknown = object.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty { throw InputValidationError([.unknown(names: unknown, validNames: inputs.map(\.name))]) }
        for (name, value) in object {
            if case .string(let text) = value, text.hasPrefix("@") {
                object[name] = .string(try dataURL(forFile: String(text.dropFirst()), name: name))
            }
        }
        return object.dictionary
    }

    private func coerce(_ text: String, name: String, type: ValueType?) throws(InputValidationError) -> JSONValue {
        if text.hasPrefix("@"), let type, type.containsSecret { return .string(try secret(from: String(text.dropFirst()), name: name)) }
        if text.hasPrefix("@") { return .string(try dataURL(forFile: String(text.dropFirst()), name: name)) }
        guard let type else { return .string(text) }
        switch type.unwrapped {
        case .any, .dictionary, .model, .typedDictionary:
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
                throw InputValidationError([.invalidJSON(name: name, reason: "expected a JSON object")])
            }
            return value
        case .list(let item):
            if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .array = value { return value }
            return .array([scalar(text, accepting: item.acceptedJSONTypes)])
        default:
            return scalar(text, accepting: type.acceptedJSONTypes)
        }
    }

    /// `true`/`false` for booleans, integers for integer/number, decimals for number, else text.
    func scalar(_ text: String, accepting accepted: Set<JSONType>) -> JSONValue {
        if accepted.contains(.boolean), text == "true" || text == "false" { return .bool(text == "true") }
        if accepted.contains(.integer) || accepted.contains(.number), let number = Int(text) { return .int(number) }
        if accepted.contains(.number), let number = Double(text), number.isFinite, !text.lowercased().contains("n") { return .double(number) }
        return .string(text)
    }

    /// A Secret input's value from somewhere other than argv: `@env:NAME` (an environment
    /// variable), `@-` (a line from stdin, not echoed), or `@path` (the file's text, without its
    /// final newline).
    private func secret(from source: String, name: String) throws(InputValidationError) -> String {
        if source.hasPrefix("env:") {
            let variable = String(source.dropFirst(4))
            guard let value = environment[variable] else {
                throw InputValidationError([.invalidJSON(name: name, reason: "environment variable \(variable) is not set")])
            }
            return value
        }
        if source == "-" {
            guard let line = readSecretLine() else {
                throw InputValidationError([.invalidJSON(name: name, reason: "nothing to read on standard input")])
            }
            return line
        }
        let expanded = (source as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : (workingDirectory as NSString).appendingPathComponent(expanded)
        guard let data = FileManager.default.contents(atPath: absolute), var text = String(data: data, encoding: .utf8) else {
            throw InputValidationError([.unreadableFile(name: name, path: source, reason: "open \(source): no such file or directory")])
        }
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    private func dataURL(forFile path: String, name: String) throws(InputValidationError) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : (workingDirectory as NSString).appendingPathComponent(expanded)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw InputValidationError([.unreadableFile(name: name, path: path, reason: "open \(path): no such file or directory")])
        }
        return "data:\(MIMETypes.type(forPath: path));base64,\(data.base64EncodedString())"
    }

    /// `--json`'s argument: inline text, `@file.json`, or `-`/`@-` for standard input.
    static func readJSONArgument(_ argument: String) throws -> String {
        if argument == "-" || argument == "@-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("Failed to read JSON from stdin: not UTF-8") }
            return text
        }
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CommandFailure("Failed to read JSON from file \"\(path)\": cannot read the file")
            }
            return text
        }
        return argument
    }
}
