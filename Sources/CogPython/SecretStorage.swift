// The host-owned memory that holds one Secret's value, wiped when the Secret dies.
import Foundation

/// Holds a secret's UTF-8 bytes outside Python's heap. Python code never sees this buffer: it
/// gets a fresh `str` only when it calls `get_secret_value()`. On `deinit` the bytes are
/// overwritten with zeros (with `explicit_bzero`, which the compiler may not elide).
final class SecretStorage {
    /// nil for `Secret(None)`.
    private let bytes: UnsafeMutableBufferPointer<UInt8>?

    init(copying source: UnsafeBufferPointer<UInt8>?) {
        guard let source else {
            bytes = nil
            return
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(source.count, 1))
        _ = buffer.initialize(from: source)
        bytes = UnsafeMutableBufferPointer(rebasing: buffer[0..<source.count])
    }

    var isNone: Bool { bytes == nil }

    /// Lends the raw bytes; nil for a `None` secret.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        try body(bytes.map { UnsafeBufferPointer($0) })
    }

    /// Constant-time equality: the time depends only on the lengths, never on the contents.
    func isEqual(to other: SecretStorage) -> Bool {
        switch (bytes, other.bytes) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case (let left?, let right?):
            guard left.count == right.count else { return false }
            var difference: UInt8 = 0
            for index in 0..<left.count { difference |= left[index] ^ right[index] }
            return difference == 0
        }
    }

    /// A per-process keyed hash of the value (Swift's `Hasher` is randomly seeded).
    var hashValue: Int {
        var hasher = Hasher()
        if let bytes {
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        } else {
            hasher.combine(-1)
        }
        return hasher.finalize()
    }

    /// How many buffers have been wiped in this process (for tests).
    nonisolated(unsafe) static var wipeCount = 0

    /// Overwrites the value with zeros.
    func wipe() {
        if let bytes, let base = bytes.baseAddress { explicit_bzero(base, bytes.count) }
        // SAFETY: only called under the GIL (dealloc of the owning Python object) or in tests.
        Self.wipeCount += 1
    }

    deinit {
        wipe()
        bytes?.deallocate()
    }
}
