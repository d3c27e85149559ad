// A byte string in memory the host owns, overwritten with zeros when it is released.
import Foundation
import Synchronization

/// Holds a copy of sensitive bytes (a secret value or one of its encodings) outside Swift's
/// string storage, so that the copy can be destroyed: `deinit` overwrites it with
/// `explicit_bzero`, which the compiler may not elide.
public final class WipedBytes: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): the buffer is written only in init and deinit.
    private let buffer: UnsafeMutableBufferPointer<UInt8>

    public init(_ text: String) {
        var text = text
        buffer = text.withUTF8 { source in
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(source.count, 1))
            _ = copy.initialize(from: source)
            return UnsafeMutableBufferPointer(rebasing: copy[0..<source.count])
        }
    }

    public var count: Int { buffer.count }

    /// Lends the bytes.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(buffer))
    }

    /// How many buffers have been wiped in this process (for tests).
    public static var wipeCount: Int { wipes.withLock { $0 } }
    private static let wipes = Mutex(0)

    deinit {
        if let base = buffer.baseAddress {
            explicit_bzero(base, max(buffer.count, 1))
            base.deallocate()
        }
        Self.wipes.withLock { $0 += 1 }
    }
}
