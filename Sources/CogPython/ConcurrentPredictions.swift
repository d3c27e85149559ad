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
        /// Something the worker's log should say (a malformed event, a failed loop).
        case warning(String)
    }

    private struct Job {
        let predictor: PythonPredictor
        let prepared: PreparedInputs
        let started: ContinuousClock.Instant
        var items: [OutputValue] = []
        /// The first streamed item that could not be encoded: the job fails with it at its end.
        var failure: PredictionFailure?
    }

    private let module: PythonObject
    private var jobs: [String: Job] = [:]
    /// Jobs failed by the host while their Python task still ran (a malformed event): the task
    /// was canceled, and its remaining events are dropped until it ends.
    private var abandoned: Set<String> = []

    /// A job id whose earlier task is still stopping.
    struct StillStopping: Error, CustomStringConvertible {
        let id: String
        var description: String { "prediction \(id) failed and is still stopping; try again when it has" }
    }
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
        // The earlier task's events would be taken for the new job's.
        if abandoned.contains(id) {
            let stillRunning = Python.withGIL { (try? module.attribute("running").call(PythonObject(string: id)).isTruthy()) ?? false }
            if stillRunning { throw StillStopping(id: id) }
            abandoned.remove(id)
        }
        try Python.withGIL { () throws in
            let contextObject = try JSONValue.object(JSONObject(context.mapValues { JSONValue.string($0) })).pythonObject()
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
            var events: [Event] = []
            do {
                _ = try module.attribute("pump").call(PythonObject(double: seconds))
                for raw in try module.callMethod("take_events").arrayValue() {
                    do throws(PythonJobEvent.Malformed) {
                        if let event = convert(try PythonJobEvent(raw)) { events.append(event) }
                    } catch {
                        events.append(contentsOf: malformed(error))
                    }
                }
            } catch {
                // The loop itself failed: every running job would wait forever, so each fails.
                events.append(.warning("cog-host: warning: the concurrent event loop failed: \(error)"))
                for id in jobs.keys.sorted() { events.append(finish(id, .failed(.host("the concurrent event loop failed: \(error)"), metrics: [:]))) }
            }
            return events
        }
    }

    /// A warning for the log, and a failure for the job it names (which would otherwise never end).
    private func malformed(_ error: PythonJobEvent.Malformed) -> [Event] {
        var events: [Event] = [.warning("cog-host: warning: \(error)")]
        if let id = error.job, jobs[id] != nil {
            // The task would go on (using the GPU, printing): it is stopped, and its last
            // events are dropped.
            _ = try? module.attribute("cancel").call(PythonObject(string: id))
            abandoned.insert(id)
            events.append(finish(id, .failed(.host(error.description), metrics: [:])))
        }
        return events
    }

    private func finish(_ id: String, _ outcome: PredictionOutcome) -> Event {
        if let job = jobs.removeValue(forKey: id) { job.predictor.releaseTemporaryFiles(job.prepared) }
        return .finished(id: id, outcome)
    }

    private func convert(_ event: PythonJobEvent) -> Event? {
        let id = event.job
        guard let job = jobs[id] else {
            if abandoned.contains(id) {
                if case .finished = event.body { abandoned.remove(id) }
                return nil
            }
            return .warning("cog-host: warning: an event for prediction \(id), which is not running, was dropped")
        }
        switch event.body {
        case .log(let text, let source):
            return .progress(id: id, .log(text: text, source: source))
        case .metric(let name, let value, let mode):
            return .progress(id: id, .metric(name: name, value: (try? OutputEncoder.encodeJSON(value)) ?? .null, mode: mode))
        case .item(let payload):
            guard job.failure == nil else { return nil }
            do throws(OutputEncodingError) {
                let value = try job.predictor.outputEncoder.encodeItem(payload)
                jobs[id]?.items.append(value)
                return .progress(id: id, .output(value))
            } catch {
                jobs[id]?.failure = error.predictionFailure
                return nil
            }
        case .finished(let ending, let result, let recorded):
            var metrics: [String: JSONValue] = [:]
            if case .object(let members)? = try? OutputEncoder.encodeJSON(recorded) { metrics = members.dictionary }
            metrics["predict_time"] = .double((ContinuousClock.now - job.started).seconds)
            switch ending {
            case .value:
                do throws(OutputEncodingError) {
                    return finish(id, .succeeded(output: try job.predictor.outputEncoder.encodeOutput(result), metrics: metrics))
                } catch {
                    return finish(id, .failed(error.predictionFailure, metrics: metrics))
                }
            case .iterated:
                if let failure = job.failure { return finish(id, .failed(failure, metrics: metrics)) }
                return finish(id, .succeeded(output: .array(job.items), metrics: metrics))
            case .canceled:
                return finish(id, .canceled(metrics: metrics))
            case .error, .iterationError:
                let exception = PythonException.describing(result)
                let origin: FailureOrigin = ending == .iterationError ? .iteratorRaised : .asyncPredictorRaised
                return finish(id, .failed(PythonPredictor.predictionFailure(exception, origin: origin), metrics: metrics))
            }
        }
    }
}
