// One event of a concurrent job, as cog_host/wire.py's JobEvent carries it, read once into Swift.
import PythonRuntime

/// `JobEvent(job, kind, payload)` from `cog_host.concurrent.take_events`, checked and typed in
/// this one place: the kinds are `cog_host.wire.EventKind`'s, the payloads its NamedTuples
/// (`Log`, `Metric`, `Finished`). Python objects stay Python objects (items and results are
/// encoded by the predictor's encoder); everything else is a Swift value.
struct PythonJobEvent {
    /// How a job ended: `EventKind`'s finishing names (the events that carry `Finished`).
    enum Ending: String {
        case value, iterated, canceled, error
        case iterationError = "iteration_error"
    }

    enum Body {
        case log(text: String, source: String)
        case metric(name: String, value: PythonObject, mode: String)
        case item(PythonObject)
        /// `result` is the output, None, or the exception; `metrics` the scope's snapshot.
        case finished(Ending, result: PythonObject, metrics: PythonObject)
    }

    /// An event that is not a `JobEvent` of the shape above: a bug of the host's Python half.
    struct Malformed: Error, CustomStringConvertible {
        /// The job it names, when that much could be read.
        let job: String?
        let reason: String
        var description: String { "malformed event from cog_host.concurrent\(job.map { " for prediction \($0)" } ?? ""): \(reason)" }
    }

    let job: String
    let body: Body

    /// Reads one event. Must hold the GIL.
    init(_ event: PythonObject) throws(Malformed) {
        guard let fields = try? event.arrayValue(), fields.count == 3 else {
            throw Malformed(job: nil, reason: "not a (job, kind, payload) triple")
        }
        guard let job = try? fields[0].stringValue() else { throw Malformed(job: nil, reason: "the job id is not a string") }
        guard let kind = try? fields[1].stringValue() else { throw Malformed(job: job, reason: "the kind is not a string") }
        let payload = fields[2]
        self.job = job
        switch kind {
        case "log":
            guard let parts = try? payload.arrayValue(), parts.count == 2,
                  let text = try? parts[0].stringValue(), let source = try? parts[1].stringValue() else {
                throw Malformed(job: job, reason: "a log event's payload is not Log(text, source)")
            }
            body = .log(text: text, source: source)
        case "metric":
            guard let parts = try? payload.arrayValue(), parts.count == 3,
                  let name = try? parts[0].stringValue(), let mode = try? parts[2].stringValue() else {
                throw Malformed(job: job, reason: "a metric event's payload is not Metric(name, value, mode)")
            }
            body = .metric(name: name, value: parts[1], mode: mode)
        case "item":
            body = .item(payload)
        default:
            guard let ending = Ending(rawValue: kind) else { throw Malformed(job: job, reason: "unknown kind \(kind)") }
            guard let parts = try? payload.arrayValue(), parts.count == 2 else {
                throw Malformed(job: job, reason: "a \(kind) event's payload is not Finished(result, metrics)")
            }
            body = .finished(ending, result: parts[0], metrics: parts[1])
        }
    }
}
