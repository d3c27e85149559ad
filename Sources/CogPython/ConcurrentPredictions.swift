// Several async predictions at once in the worker, as tasks on the one event loop.
import CogCore
import Foundation
import PythonRuntime

/// Runs async predictors' jobs concurrently (`COG_MAX_CONCURRENCY` > 1). Jobs start as asyncio
/// tasks; `pump` runs the loop briefly and turns what the tasks produced into progress events
/// and final outcomes. Used only on the worker's main thread.
final class ConcurrentPredictions {
    enum Event {
        case progress(id: String, PredictionProgress)
        case finished(id: String, PredictionOutcome)
    }

    private struct Job {
        let predictor: PythonPredictor
        let prepared: PreparedInputs
        let started: ContinuousClock.Instant
        var items: [OutputValue] = []
        /// The first streamed item that could not be encoded: the job fails with it at its end.
        var failure: UserCodeError?
    }

    private let module: PythonObject
    private var jobs: [String: Job] = [:]
    /// Writing a byte here ends the current `pump` at once; any thread may (`wake`).
    let wakeDescriptor: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeDescriptor = ends[1]
        module = try Python.withGIL { () throws -> PythonObject in
            let module = try PythonObject.importModule("cog_host.concurrent")
            _ = try module.callMethod("install_stream_routers")
            _ = try module.attribute("install_wakeup").call(PythonObject(int: Int(ends[0])))
            return module
        }
    }

    /// Ends the current (or next) `pump` early: a request is waiting. Safe from any thread.
    static func wake(_ descriptor: Int32) {
        var byte: UInt8 = 1
        _ = write(descriptor, &byte, 1)
    }

    var activeCount: Int { jobs.count }

    func start(_ prepared: PreparedInputs, id: String, context: [String: String], on predictor: PythonPredictor) throws {
        try Python.withGIL { () throws in
            let contextObject = try JSONValue.object(context.mapValues { .string($0) }).pythonObject()
            _ = try module.attribute("start").call(predictor.loaded, prepared.arguments, PythonObject(string: id), contextObject)
        }
        jobs[id] = Job(predictor: predictor, prepared: prepared, started: .now)
    }

    func cancel(_ id: String) {
        Python.withGIL { _ = try? module.attribute("cancel").call(PythonObject(string: id)) }
    }

    /// Runs the event loop until a task produced something, `wake` was called, or `seconds`
    /// passed; returns what happened.
    func pump(seconds: Double) -> [Event] {
        Python.withGIL {
            _ = try? module.attribute("pump").call(PythonObject(double: seconds))
            guard let raw = try? module.callMethod("take_events").arrayValue() else { return [] }
            return raw.compactMap { event in
                guard let parts = try? event.arrayValue(), parts.count == 3,
                      let id = try? parts[0].stringValue(), let kind = try? parts[1].stringValue() else { return nil }
                return convert(id: id, kind: kind, payload: parts[2])
            }
        }
    }

    private func convert(id: String, kind: String, payload: PythonObject) -> Event? {
        guard let job = jobs[id] else { return nil }
        switch kind {
        case "log":
            guard let parts = try? payload.arrayValue(), let text = try? parts[0].stringValue(), let source = try? parts[1].stringValue() else { return nil }
            return .progress(id: id, .log(text: text, source: source))
        case "metric":
            guard let parts = try? payload.arrayValue(), let name = try? parts[0].stringValue(), let mode = try? parts[2].stringValue() else { return nil }
            return .progress(id: id, .metric(name: name, value: (try? OutputEncoder.encodeJSON(parts[1])) ?? .null, mode: mode))
        case "item":
            guard job.failure == nil else { return nil }
            do throws(OutputEncodingError) {
                let value = try job.predictor.outputEncoder.encodeItem(payload)
                jobs[id]?.items.append(value)
                return .progress(id: id, .output(value))
            } catch {
                jobs[id]?.failure = error.userCodeError
                return nil
            }
        default:
            jobs[id] = nil
            job.predictor.releaseTemporaryFiles(job.prepared)
            let parts = (try? payload.arrayValue()) ?? []
            var metrics: [String: JSONValue] = [:]
            if parts.count == 2, case .object(let recorded)? = try? OutputEncoder.encodeJSON(parts[1]) { metrics = recorded }
            let elapsed = ContinuousClock.now - job.started
            metrics["predict_time"] = .double(elapsed.seconds)
            let result = parts.first ?? .none
            switch kind {
            case "value":
                do throws(OutputEncodingError) {
                    return .finished(id: id, .succeeded(output: try job.predictor.outputEncoder.encodeOutput(result), metrics: metrics))
                } catch {
                    return .finished(id: id, .failed(error.userCodeError, metrics: metrics))
                }
            case "iterated":
                if let failure = job.failure { return .finished(id: id, .failed(failure, metrics: metrics)) }
                return .finished(id: id, .succeeded(output: .array(job.items), metrics: metrics))
            case "canceled":
                return .finished(id: id, .canceled(metrics: metrics))
            default:
                let exception = PythonException.describing(result)
                let origin: FailureOrigin = kind == "iteration_error" ? .iteratorRaised : .asyncPredictorRaised
                return .finished(id: id, .failed(PythonPredictor.userCodeError(exception, origin: origin), metrics: metrics))
            }
        }
    }
}
