// A prediction's user metrics as they accumulate from progress events (replace/increment/append).
import CogCore

/// coglet's metric semantics: `replace` (null deletes), `increment` (numbers add), `append`
/// (arrays grow; a scalar is wrapped), and `a.b.c` names addressing nested objects.
struct MetricSet: Equatable, Sendable {
    private(set) var values: [String: JSONValue] = [:]

    /// Whether a name is accepted (no empty name or empty dot-path segment).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.split(separator: ".", omittingEmptySubsequences: false).contains { $0.isEmpty }
    }

    mutating func apply(name: String, value: JSONValue, mode: String) {
        guard Self.isValidName(name) else { return }
        let parts = name.split(separator: ".").map(String.init)
        values = Self.applying(value, mode: mode, path: parts[...], to: values)
    }

    /// The metrics merged with what the outcome reported (the outcome wins), without a
    /// `predict_time` of the backend's own.
    func merged(with outcome: [String: JSONValue]) -> [String: JSONValue] {
        var result = values
        for (key, value) in outcome where key != "predict_time" { result[key] = value }
        return result
    }

    private static func applying(_ value: JSONValue, mode: String, path: ArraySlice<String>, to object: [String: JSONValue]) -> [String: JSONValue] {
        var object = object
        guard let key = path.first else { return object }
        if path.count > 1 {
            var child: [String: JSONValue] = [:]
            if case .object(let existing)? = object[key] { child = existing.dictionary }
            object[key] = .object(JSONObject(applying(value, mode: mode, path: path.dropFirst(), to: child)))
            return object
        }
        switch mode {
        case "increment":
            let current = object[key] ?? .int(0)
            switch (current, value) {
            case (.int(let a), .int(let b)): object[key] = .int(a &+ b)
            default:
                if let a = current.numericValue, let b = value.numericValue { object[key] = .double(a + b) }
            }
        case "append":
            switch object[key] {
            case .array(var items)?:
                items.append(value)
                object[key] = .array(items)
            case let existing?: object[key] = .array([existing, value])
            case nil: object[key] = .array([value])
            }
        default:
            object[key] = value == .null ? nil : value
        }
        return object
    }
}
