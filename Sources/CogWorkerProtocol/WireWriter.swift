// Writing the worker protocol's binary form (see WireCodec).
import CogCore

/// Appends values in the binary form `WireReader` reads.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// An unsigned LEB128 count.
    mutating func count(_ value: Int) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func json(_ value: JSONValue) {
        switch value {
        case .null: byte(0)
        case .bool(let flag): byte(flag ? 2 : 1)
        case .int(let number):
            byte(3)
            int(number)
        case .double(let number):
            byte(4)
            double(number)
        case .string(let text):
            byte(5)
            string(text)
        case .array(let items):
            byte(6)
            count(items.count)
            for item in items { json(item) }
        case .object(let members):
            byte(7)
            object(members)
        }
    }

    /// An object's members (a dictionary's, or a JSONObject's in their order).
    mutating func object<Members: Collection>(_ members: Members) where Members.Element == (key: String, value: JSONValue) {
        count(members.count)
        for (key, member) in members {
            string(key)
            json(member)
        }
    }

    mutating func output(_ value: OutputValue) {
        switch value {
        case .json(let json):
            byte(0)
            self.json(json)
        case .file(let file):
            byte(1)
            string(file.path)
            string(file.contentType)
            bool(file.isTemporary)
        case .array(let items):
            byte(2)
            count(items.count)
            for item in items { output(item) }
        case .object(let members):
            byte(3)
            count(members.count)
            for (key, member) in members {
                string(key)
                output(member)
            }
        }
    }

    mutating func progress(_ progress: PredictionProgress) {
        switch progress {
        case .log(let text, let source):
            byte(0)
            string(text)
            string(source)
        case .output(let value):
            byte(1)
            output(value)
        case .metric(let name, let value, let mode):
            byte(2)
            string(name)
            json(value)
            string(mode)
        }
    }

    mutating func outcome(_ outcome: PredictionOutcome) {
        switch outcome {
        case .succeeded(let value, let metrics):
            byte(0)
            output(value)
            object(metrics)
        case .failed(let error, let metrics):
            byte(1)
            string(error.typeName)
            string(error.message)
            count(error.traceback.count)
            for line in error.traceback { string(line) }
            string(error.origin.rawValue)
            object(metrics)
        case .canceled(let metrics):
            byte(2)
            object(metrics)
        }
    }
}
