// Reading the worker protocol's binary form (see WireCodec).
import CogCore

/// Reads what `WireWriter` wrote; every read is bounds-checked.
struct WireReader {
    struct Malformed: Error, CustomStringConvertible {
        let reason: String
        var description: String { "malformed worker frame: \(reason)" }
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private mutating func take(_ length: Int) throws -> UnsafeRawBufferPointer {
        guard length >= 0, length <= bytes.count - offset else { throw Malformed(reason: "truncated") }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    mutating func byte() throws -> UInt8 { try take(1)[0] }
    mutating func bool() throws -> Bool { try byte() != 0 }

    mutating func count() throws -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { break }
            shift += 7
            guard shift < 64 else { throw Malformed(reason: "count too long") }
        }
        guard value <= UInt64(bytes.count) else { throw Malformed(reason: "count \(value) exceeds the frame") }
        return Int(value)
    }

    mutating func int() throws -> Int {
        var raw: UInt64 = 0
        let source = try take(8)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: source) }
        return Int(Int64(littleEndian: Int64(bitPattern: raw)))
    }

    mutating func double() throws -> Double {
        var raw: UInt64 = 0
        let source = try take(8)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: source) }
        return Double(bitPattern: UInt64(littleEndian: raw))
    }

    mutating func string() throws -> String {
        String(decoding: try take(try count()), as: UTF8.self)
    }

    mutating func json() throws -> JSONValue {
        switch try byte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try int())
        case 4: return .double(try double())
        case 5: return .string(try string())
        case 6:
            let itemCount = try count()
            var items: [JSONValue] = []
            items.reserveCapacity(itemCount)
            for _ in 0..<itemCount { items.append(try json()) }
            return .array(items)
        case 7: return .object(try orderedObject())
        case let tag: throw Malformed(reason: "unknown JSON tag \(tag)")
        }
    }

    mutating func object() throws -> [String: JSONValue] {
        let memberCount = try count()
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(memberCount)
        for _ in 0..<memberCount { members[try string()] = try json() }
        return members
    }

    /// A JSON object's members in the order they were written.
    mutating func orderedObject() throws -> JSONObject {
        let memberCount = try count()
        var members = JSONObject()
        for _ in 0..<memberCount { members[try string()] = try json() }
        return members
    }

    mutating func output() throws -> OutputValue {
        switch try byte() {
        case 0: return .json(try json())
        case 1: return .file(OutputFile(path: try string(), contentType: try string(), isTemporary: try bool()))
        case 2:
            let itemCount = try count()
            var items: [OutputValue] = []
            for _ in 0..<itemCount { items.append(try output()) }
            return .array(items)
        case 3:
            let memberCount = try count()
            var members: [String: OutputValue] = [:]
            for _ in 0..<memberCount { members[try string()] = try output() }
            return .object(members)
        case let tag: throw Malformed(reason: "unknown output tag \(tag)")
        }
    }

    mutating func progress() throws -> PredictionProgress {
        switch try byte() {
        case 0: return .log(text: try string(), source: try string())
        case 1: return .output(try output())
        case 2: return .metric(name: try string(), value: try json(), mode: try string())
        case let tag: throw Malformed(reason: "unknown progress tag \(tag)")
        }
    }

    mutating func outcome() throws -> PredictionOutcome {
        switch try byte() {
        case 0: return .succeeded(output: try output(), metrics: try object())
        case 1:
            let typeName = try string()
            let message = try string()
            var traceback: [String] = []
            for _ in 0..<(try count()) { traceback.append(try string()) }
            let originName = try string()
            guard let origin = FailureOrigin(rawValue: originName) else { throw Malformed(reason: "unknown failure origin \(originName)") }
            return .failed(PredictionFailure(typeName: typeName, message: message, traceback: traceback, origin: origin), metrics: try object())
        case 2: return .canceled(metrics: try object())
        case let tag: throw Malformed(reason: "unknown outcome tag \(tag)")
        }
    }
}
