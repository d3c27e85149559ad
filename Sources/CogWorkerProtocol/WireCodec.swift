// A compact binary form of the worker protocol's frequent messages (jobs, progress, results).
public import CogCore
import Foundation

/// Encodes and decodes the messages that travel once or more per prediction — `run`, `cancel`,
/// `progress`, `done`, `log` — as tagged binary, which costs a fraction of JSON `Codable`. Every
/// request is binary. An event frame begins with a tag byte below `{`; the rare events (the
/// predictor's interfaces, setup, health checks) stay JSON, whose first byte is always `{`.
enum WireCodec {
    static let jsonMarker = UInt8(ascii: "{")

    // MARK: Messages

    static func encode(_ request: WorkerRequest) -> [UInt8] {
        var writer = WireWriter()
        switch request {
        case .run(let job):
            writer.byte(1)
            writer.string(job.id)
            writer.object(job.input)
            writer.count(job.context.count)
            for (key, value) in job.context {
                writer.string(key)
                writer.string(value)
            }
            writer.bool(job.isTraining)
        case .cancel(let id):
            writer.byte(2)
            writer.string(id)
        case .healthcheck: writer.byte(3)
        case .shutdown: writer.byte(4)
        }
        return writer.bytes
    }

    static func decodeRequest(_ bytes: UnsafeRawBufferPointer) throws -> WorkerRequest {
        var reader = WireReader(bytes)
        switch try reader.byte() {
        case 1:
            let id = try reader.string()
            let input = try reader.object()
            var context: [String: String] = [:]
            for _ in 0..<(try reader.count()) { context[try reader.string()] = try reader.string() }
            return .run(PredictionJob(id: id, input: input, context: context, isTraining: try reader.bool()))
        case 2: return .cancel(id: try reader.string())
        case 3: return .healthcheck
        case 4: return .shutdown
        case let tag: throw WireReader.Malformed(reason: "unknown request tag \(tag)")
        }
    }

    /// nil: the event goes as JSON.
    static func encode(_ event: WorkerEvent) -> [UInt8]? {
        var writer = WireWriter()
        switch event {
        case .progress(let id, let progress):
            writer.byte(1)
            writer.string(id)
            writer.progress(progress)
        case .done(let id, let outcome):
            writer.byte(2)
            writer.string(id)
            writer.outcome(outcome)
        case .log(let text):
            writer.byte(3)
            writer.string(text)
        case .loaded, .setupFinished, .healthcheck:
            return nil
        }
        return writer.bytes
    }

    static func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws -> WorkerEvent {
        var reader = WireReader(bytes)
        switch try reader.byte() {
        case 1: return .progress(id: try reader.string(), try reader.progress())
        case 2: return .done(id: try reader.string(), try reader.outcome())
        case 3: return .log(try reader.string())
        case let tag: throw WireReader.Malformed(reason: "unknown event tag \(tag)")
        }
    }
}
