// Length-prefixed JSON frames over a socket: the worker protocol's transport.
public import Foundation

/// Sends and receives Codable values as frames: a 4-byte big-endian length, then JSON.
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

    public func send<Message: Encodable>(_ message: Message) throws {
        let body = try encoder.encode(message)
        var length = UInt32(body.count).bigEndian
        var frame = Data(bytes: &length, count: 4)
        frame.append(body)
        sendLock.lock()
        defer { sendLock.unlock() }
        try frame.withUnsafeBytes { try writeAll($0) }
    }

    /// The next message, or nil when the other side closed the connection cleanly.
    public func receive<Message: Decodable>(_ type: Message.Type) throws -> Message? {
        var header = [UInt8](repeating: 0, count: 4)
        guard try readExactly(&header, allowEOF: true) else { return nil }
        let length = Int(UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3]))
        guard length <= Self.maximumFrameBytes else { throw ChannelError.frameTooLarge(length) }
        var body = [UInt8](repeating: 0, count: length)
        guard try readExactly(&body, allowEOF: false) else { throw ChannelError.closed }
        return try decoder.decode(type, from: Data(body))
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
