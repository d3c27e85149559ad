// What the OpenAPI generator asks of a ValueType: iterator-ness, secrets, None.

extension ValueType {
    /// `Iterator`/`AsyncIterator`/`ConcatenateIterator`: the outputs `@streaming` applies to.
    var isIterator: Bool {
        if case .iterator = self { return true }
        return false
    }

    /// Whether a value of this type carries a `Secret` (itself, optional, in a list or union).
    public var containsSecret: Bool {
        switch self {
        case .secret: return true
        case .optional(let inner), .list(let inner): return inner.containsSecret
        case .union(let members): return members.contains { $0.containsSecret }
        default: return false
        }
    }

    /// `Optional[T]`, or a union with `None` among its members.
    var admitsNone: Bool {
        switch self {
        case .optional: return true
        case .union(let members): return members.contains(.none)
        default: return false
        }
    }
}
