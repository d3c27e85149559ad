// A Duration as fractional seconds, the unit of Cog's `predict_time` and its timeouts.

extension Duration {
    /// The duration in seconds, with its fraction (`predict_time`, timeout messages).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
