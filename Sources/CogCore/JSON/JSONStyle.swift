// The ways cog-host writes JSON text, one per format Cog's tools produce byte for byte.

/// How a `JSONValue` is written: whitespace, key order, number form and string escaping. The
/// named styles are the formats Cog's own tools produce, which cog-host reproduces exactly.
public struct JSONStyle: Sendable, Equatable {
    /// How floating-point numbers are written.
    public enum NumberForm: Sendable, Equatable {
        /// Go's `encoding/json`: shortest digits, `1` for 1.0, exponent only below 1e-6 or from
        /// 1e21 (`1e-7`, `1e+21`).
        case go
        /// Rust's ryu (serde_json): shortest digits, `1.0`, exponent past 16 digits (`1e-7`, `1e16`).
        case ryu
    }

    /// The indent unit, one level deep (Go's `MarshalIndent`): nil writes compact text.
    public var indent: String?
    /// Write every object's keys sorted by bytes (Go's maps, serde's BTreeMap) instead of in the
    /// order the value holds them.
    public var sortsKeys: Bool
    public var numbers: NumberForm
    /// Escape `<`, `>`, `&`, U+2028 and U+2029 as `\u00XX` (Go's default); serde does not.
    public var escapesHTML: Bool

    public init(indent: String?, sortsKeys: Bool, numbers: NumberForm, escapesHTML: Bool) {
        self.indent = indent
        self.sortsKeys = sortsKeys
        self.numbers = numbers
        self.escapesHTML = escapesHTML
    }

    /// Go's `json.Marshal` of an ordered document (Cog's OpenAPI schema): compact, keys as held.
    public static let goCompact = JSONStyle(indent: nil, sortsKeys: false, numbers: .go, escapesHTML: true)
    /// Go's `json.MarshalIndent(v, "", "  ")` of an ordered document.
    public static let goIndented = JSONStyle(indent: "  ", sortsKeys: false, numbers: .go, escapesHTML: true)
    /// Go's `json.MarshalIndent` of a `map[string]any`: what `cog predict` prints for outputs.
    public static let goIndentedSorted = JSONStyle(indent: "  ", sortsKeys: true, numbers: .go, escapesHTML: true)
    /// serde_json's compact text of a `BTreeMap` (coglet's HTTP bodies): keys sorted.
    public static let serde = JSONStyle(indent: nil, sortsKeys: true, numbers: .ryu, escapesHTML: false)
    /// serde_json's compact text with keys as held (bodies whose order coglet's structs fix).
    public static let serdeAsGiven = JSONStyle(indent: nil, sortsKeys: false, numbers: .ryu, escapesHTML: false)
}
