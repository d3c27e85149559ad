// Hides the values of Secret-typed inputs wherever the server echoes a request's input.

extension PredictorInterface {
    /// The mask Cog's `Secret` prints.
    public static let secretMask = "**********"

    /// `input` with the value of every Secret-typed input (`Secret`, `Optional[Secret]`,
    /// `list[Secret]`) replaced by `**********`; `null` stays `null`, other inputs are unchanged.
    public func maskingSecrets(in input: [String: JSONValue]) -> [String: JSONValue] {
        var masked = input
        for parameter in inputs where parameter.type.containsSecret {
            if let value = input[parameter.name] { masked[parameter.name] = Self.masked(value) }
        }
        return masked
    }

    /// Whether `value` is what `maskingSecrets` leaves of a Secret: `"**********"`, or a
    /// non-empty list of them (a stored input that holds no value).
    public static func isMask(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return text == secretMask
        case .array(let items): return !items.isEmpty && items.allSatisfy(isMask)
        default: return false
        }
    }

    private static func masked(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .array(let items): return .array(items.map(masked))
        default: return .string(secretMask)
        }
    }
}
