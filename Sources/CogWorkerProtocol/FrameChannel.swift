// Length-prefixed frames over a socket: the worker protocol's transport.
public import Foundation

/// Sends and receives worker messages as frames: a 4-byte big-endian length, then the body —
/// `WireCodec`'s binary form, or JSON for the rare events it leaves to `Codable`.
/// Blocking; use each direction from one thread at a time (sending is serialized by a lock).
public final class FrameChannel: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `send` is serialized by `sendLock`; `receive` is only called
    // from the one reader thread of each side.
    public let descriptor: Int32
    private let sendLock = NSLock()
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()
    /// Frames larger than this are refused (a corrupt length would otherwise allocate wildly).
    public static let maximumFrameBytes = 1 << 30

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public enum ChannelError: Error, Equatable {
        case closed
        case frameTooLarge(Int)
        case ioFailure(Int32)
    }

    /// A request, in binary.
    public func send(_ request: WorkerRequest) throws {
        try sendFrame(WireCodec.encode(request))
    }

    /// An event, in binary where `WireCodec` has a form for it.
    public func send(_ event: WorkerEvent) throws {
        try sendFrame(WireCodec.encode(event) ?? Array(try encoder.encode(event)))
    }

    private func sendFrame(_ body: [UInt8]) throws {
        let length = UInt32(body.count)
        var frame: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        frame.reserveCapacity(4 + body.count)
        frame.append(contentsOf: body)
        sendLock.lock()
        defer { sendLock.unlock() }
        try frame.withUnsafeBytes { try writeAll($0) }
    }

    /// The next request, or nil when the other side closed the connection cleanly.
    public func receive(_ type: WorkerRequest.Type) throws -> WorkerRequest? {
        guard let body = try receiveFrame() else { return nil }
        return try body.withUnsafeBytes { try WireCodec.decodeRequest($0) }
    }

    /// The next event (binary, or JSON for the rare ones), or nil at a clean end of stream.
    public func receive(_ type: WorkerEvent.Type) throws -> WorkerEvent? {
        guard let body = try receiveFrame() else { return nil }
        if body.first == WireCodec.jsonMarker { return try decoder.decode(type, from: Data(body)) }
        return try body.withUnsafeBytes { try WireCodec.decodeEvent($0) }
    }

    private func receiveFrame() throws -> [UInt8]? {
        var header = [UInt8](repeating: 0, count: 4)
        guard try readExactly(&header, allowEOF: true) else { return nil }
        let length = Int(UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3]))
        guard length <= Self.maximumFrameBytes else { throw ChannelError.frameTooLarge(length) }
        var body = [UInt8](repeating: 0, count: length)
        guard try readExactly(&body, allowEOF: false) else { throw ChannelError.closed }
        return body
    }

    public func close() {
        Foundation.close(descriptor)
    }

    private func writeAll(_ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw errno == EPIPE ? ChannelError.closed : ChannelError.ioFailure(errno)
            }
            offset += written
        }
    }

    /// Fills `buffer`; false at a clean end of stream before the first byte (when allowed).
    private func readExactly(_ buffer: inout [UInt8], allowEOF: Bool) throws -> Bool {
        var offset = 0
        while offset < buffer.count {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ChannelError.ioFailure(errno)
            }
            if count == 0 {
                if offset == 0, allowEOF { return false }
                throw ChannelError.closed
            }
            offset += count
        }
        return true
    }
}
