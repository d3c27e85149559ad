// A PredictionRunner that runs a Cog predictor in this process's embedded Python.
public import CogCore
import Foundation
import PythonRuntime

/// Loads `file.py[:Name]`, introspects it once into a `PredictorInterface`, and runs setup and
/// predictions on the calling thread (which must be the thread that started Python in the CLI).
public final class PythonPredictor: PredictionRunner {
    public enum Mode: String, Sendable { case predict, train }

    public let interface: PredictorInterface
    /// Warnings raised while loading (deprecated `predict()`/`BasePredictor`/`Predictor`, …).
    public let warnings: [String]
    let loaded: PythonObject
    private let helpers: HostHelpers
    private var invoke: PythonObject { helpers.invoke }
    /// Turns normalized Python outputs into `OutputValue`s (also for concurrent predictions).
    var outputEncoder: OutputEncoder { helpers.encoder }

    private init(interface: PredictorInterface, warnings: [String], loaded: PythonObject, helpers: HostHelpers) {
        self.interface = interface
        self.warnings = warnings
        self.loaded = loaded
        self.helpers = helpers
    }

    /// Imports the predictor and describes its interface. Nothing of the user's runs but the
    /// module body (and the class's `__init__`).
    public static func load(reference: String, mode: Mode) throws(SetupError) -> PythonPredictor {
        do {
            return try Python.withGIL { () throws -> PythonPredictor in
                let loader = try PythonObject.importModule("cog_host.loader")
                let definitionError = try PythonObject.importModule("cog_host.errors").attribute("PredictorDefinitionError")
                let loaded: PythonObject
                let warnings: [String]
                do {
                    let result = try loader.attribute("load_reporting_warnings").call(PythonObject(string: reference), PythonObject(string: mode.rawValue)).arrayValue()
                    loaded = result[0]
                    warnings = try result[1].arrayValue().map { try $0.stringValue() }
                } catch let exception as PythonException {
                    if exception.matches(definitionError) { throw SetupError.invalidPredictor(exception.message) }
                    throw SetupError.importFailed(predictionFailure(exception))
                }
                let describe = try PythonObject.importModule("cog_host.introspect").attribute("describe")
                let document: String
                do {
                    document = try describe.call(loaded).stringValue()
                } catch let exception as PythonException {
                    if exception.matches(definitionError) { throw SetupError.invalidPredictor(exception.message) }
                    throw SetupError.importFailed(predictionFailure(exception))
                }
                let decoded = try JSONDecoder().decode(IntrospectionDocument.self, from: Data(document.utf8))
                let interface = try decoded.interface()
                if let problem = InputValidator(inputs: interface.inputs).invalidDefaults().first {
                    let file = String(reference.split(separator: ":", maxSplits: 1).first ?? "")
                    throw SetupError.invalidPredictor("\(file): \(problem)")
                }
                return PythonPredictor(
                    interface: interface, warnings: warnings + interface.uncheckablePatternWarnings, loaded: loaded,
                    helpers: try HostHelpers())
            }
        } catch let error as SetupError {
            throw error
        } catch {
            throw .environment("cog-host could not inspect \(reference): \(error)")
        }
    }

    public func setup(weights: String?) throws(SetupError) {
        do {
            try Python.withGIL { () throws(PythonException) in
                let weightsObject = try weights.map { (value: String) throws(PythonException) in try PythonObject(string: value) } ?? .none
                _ = try invoke.attribute("call_setup").call(loaded, weightsObject)
            }
        } catch {
            throw .setupFailed(Self.predictionFailure(error))
        }
    }

    /// Runs one prediction: prepares the inputs (a download failure fails the prediction with
    /// `Input validation error: …`, as Cog does), then runs it.
    public func predict(_ inputs: [String: JSONValue], onOutputItem: (OutputValue) -> Void) -> PredictionOutcome {
        do {
            return predict(try prepare(inputs), onOutputItem: onOutputItem)
        } catch {
            return .failed(.input(error.message), metrics: [:])
        }
    }

    /// Converts validated inputs into the call's keyword arguments: Secret-typed strings become
    /// `cog.Secret`, Path URLs and data URIs are downloaded to temporary files, File URLs become
    /// file objects, and omitted optional inputs without a default are passed as `None`.
    public func prepare(_ inputs: [String: JSONValue], context: [String: String] = [:]) throws(InputPreparationError) -> PreparedInputs {
        do {
            return try Python.withGIL { () throws -> PreparedInputs in
                let arguments = try PythonObject.dictionary()
                let fileKinds = try PythonObject.dictionary()
                for parameter in interface.inputs {
                    if let value = inputs[parameter.name] {
                        try arguments.setItem(parameter.name, Self.argument(value, for: parameter.type))
                        if let kind = Self.fileKind(parameter.type) { try fileKinds.setItem(parameter.name, PythonObject(string: kind)) }
                    } else if parameter.declaredDefault == nil, parameter.isNullable {
                        try arguments.setItem(parameter.name, .none)
                    } else if parameter.type.unwrapped == .secret, case .string? = parameter.declaredDefault {
                        // A string default of a Secret parameter is a Secret too.
                        try arguments.setItem(parameter.name, Self.argument(parameter.declaredDefault!, for: parameter.type))
                    }
                }
                do {
                    let temporaryFiles = try helpers.prepareFiles.call(arguments, fileKinds)
                    return PreparedInputs(arguments: arguments, temporaryFiles: temporaryFiles, context: context)
                } catch let exception as PythonException where exception.matches(helpers.inputFileError) {
                    let name = try? exception.value?.attribute("input_name").stringValue()
                    throw InputPreparationError(inputName: name, message: exception.message)
                }
            }
        } catch let error as InputPreparationError {
            throw error
        } catch {
            throw InputPreparationError(inputName: nil, message: String(describing: error))
        }
    }

    /// The Python value for an input: Secret-typed strings (also inside `list[Secret]`) become
    /// `cog.Secret`, everything else is what `json.loads` would give.
    static func argument(_ value: JSONValue, for type: ValueType) throws -> PythonObject {
        guard let secrets = SecretRuntime.shared else { return try value.pythonObject() }
        switch (type.unwrapped, value) {
        case (.secret, .string):
            return try secrets.make(value.pythonObject())
        case (.list(let item), .array(let items)) where item.unwrapped == .secret:
            return try PythonObject.list(items.map { item in
                if case .string = item { return try secrets.make(item.pythonObject()) }
                return try item.pythonObject()
            })
        default:
            return try value.pythonObject()
        }
    }

    /// "path", "file", "path_list" or "file_list" for inputs whose URLs the host fetches.
    static func fileKind(_ type: ValueType) -> String? {
        switch type.unwrapped {
        case .path: return "path"
        case .file: return "file"
        case .list(let item) where item.unwrapped == .path: return "path_list"
        case .list(let item) where item.unwrapped == .file: return "file_list"
        default: return nil
        }
    }

    /// Runs one prediction with prepared inputs. Iterator outputs are pulled item by item, and
    /// each item reaches `onOutputItem` before the next one is produced.
    public func predict(
        _ prepared: PreparedInputs, onOutputItem: (OutputValue) -> Void,
        onMetric: ((_ name: String, _ value: JSONValue, _ mode: String) -> Void)? = nil
    ) -> PredictionOutcome {
        let started = ContinuousClock.now
        return Python.withGIL {
            var scope: PythonObject?
            var metrics: [String: JSONValue] = [:]
            var metricEvents: PythonObject?
            /// Hands the metrics recorded since the last call to `onMetric`, in order.
            func reportMetrics() {
                guard let onMetric, let metricEvents, let taken = try? invoke.attribute("take").call(metricEvents).arrayValue() else { return }
                for event in taken {
                    guard let parts = try? event.arrayValue(), parts.count == 3, let name = try? parts[0].stringValue(), let mode = try? parts[2].stringValue() else { continue }
                    onMetric(name, (try? OutputEncoder.encodeJSON(parts[1])) ?? .null, mode)
                }
            }
            func finish() {
                _ = try? helpers.finishStreams.call()
                reportMetrics()
                let elapsed = ContinuousClock.now - started
                if let scope, let snapshot = try? scope.callMethod("metrics_snapshot"), case .object(let recorded)? = try? OutputEncoder.encodeJSON(snapshot) {
                    metrics = recorded.dictionary
                }
                if let scope { _ = try? helpers.exitScope.call(scope) }
                releaseTemporaryFiles(prepared)
                metrics["predict_time"] = .double(elapsed.seconds)
            }
            do {
                let enter = helpers.enterScope
                let contextObject = try JSONValue.object(JSONObject(prepared.context.mapValues { JSONValue.string($0) })).pythonObject()
                if onMetric != nil {
                    let sink = try invoke.attribute("metric_sink").call().arrayValue()
                    metricEvents = sink[0]
                    scope = try enter.call(contextObject, sink[1])
                } else {
                    scope = try enter.call(contextObject)
                }
                let call = try invoke.attribute("start_predict").call(loaded, prepared.arguments).arrayValue()
                let shape = try ResultShape(reading: call[0])
                let output: OutputValue
                if shape == .value {
                    do throws(OutputEncodingError) {
                        output = try encodedOutput(call[1], item: false)
                    } catch {
                        finish()
                        return .failed(error.predictionFailure, metrics: metrics)
                    }
                } else {
                    let next = try invoke.attribute(shape == .iterator ? "next_item" : "next_async_item")
                    var items: [OutputValue] = []
                    while true {
                        let item: PythonObject
                        do {
                            item = try next.call(call[1])
                        } catch let exception as PythonException where !isCancelation(exception) {
                            // Cog words a failing generator by its kind, before or after its first item.
                            finish()
                            return .failed(Self.predictionFailure(exception, origin: shape == .iterator ? .iteratorRaised : .asyncPredictorRaised), metrics: metrics)
                        }
                        if item.isIdentical(to: helpers.endOfIteration) { break }
                        let encoded: OutputValue
                        do throws(OutputEncodingError) {
                            encoded = try encodedOutput(item, item: true)
                        } catch {
                            finish()
                            return .failed(error.predictionFailure, metrics: metrics)
                        }
                        items.append(encoded)
                        reportMetrics()
                        onOutputItem(encoded)
                    }
                    output = .array(items)
                }
                finish()
                return .succeeded(output: output, metrics: metrics)
            } catch let exception as PythonException {
                finish()
                if isCancelation(exception) { return .canceled(metrics: metrics) }
                return .failed(Self.predictionFailure(exception, origin: interface.isAsync ? .asyncPredictorRaised : .predictorRaised), metrics: metrics)
            } catch {
                finish()
                return .failed(PredictionFailure.host(String(describing: error)), metrics: metrics)
            }
        }
    }

    /// Normalizes (Cog's make_encodeable) and encodes a returned value, or one item of a
    /// stream (`item`), failing with Cog's words. Must hold the GIL.
    func encodedOutput(_ value: PythonObject, item: Bool) throws(OutputEncodingError) -> OutputValue {
        let normalized: PythonObject
        do {
            normalized = try helpers.normalizeOutput.call(value)
        } catch {
            throw OutputEncodingError(description: "Failed to process output\(item ? " item" : ""): \(error.name): \(error.message)")
        }
        return try item ? helpers.encoder.encodeItem(normalized) : helpers.encoder.encodeOutput(normalized)
    }

    /// Deletes the temporary input files of prepared inputs (also when they were never run).
    public func releaseTemporaryFiles(_ prepared: PreparedInputs) {
        Python.withGIL {
            _ = try? helpers.cleanupFiles.call(prepared.temporaryFiles)
        }
    }

    static func predictionFailure(_ error: any Error, origin: FailureOrigin = .predictorRaised) -> PredictionFailure {
        guard let exception = error as? PythonException else {
            // Not an exception of the predictor's: the host's own error.
            return PredictionFailure.host(String(describing: error))
        }
        // Frames of the host's own helpers say nothing to the user.
        let traceback = exception.traceback.filter { !$0.contains("/cog_host/") }
        // Cog names the class alone (`ModerationError: …`, not `predict.ModerationError: …`).
        return PredictionFailure(typeName: exception.name, message: exception.message, traceback: traceback, origin: origin)
    }

    /// A cancel: `cog.CancelationException` (raised by a cancel in the worker), a
    /// `KeyboardInterrupt` that a real SIGINT raised (Ctrl-C; one the predictor raises itself is
    /// a failure, as in Cog), or `asyncio.CancelledError` out of an async predictor.
    private func isCancelation(_ exception: PythonException) -> Bool {
        if exception.matches(helpers.cancelation) { return true }
        if exception.isKeyboardInterrupt {
            return (try? helpers.takeInterrupt.call().isTruthy()) ?? false
        }
        if interface.isAsync, let asyncio = try? PythonObject.importModule("asyncio"),
           let cancelled = try? asyncio.attribute("CancelledError") {
            return exception.matches(cancelled)
        }
        return false
    }

    /// Runs the predictor's `healthcheck()`; nil when it has none. Only an explicit `False`,
    /// an exception, or a timeout (enforced by the caller) is unhealthy.
    public func userHealthcheck() -> UserHealthcheckResult? {
        guard interface.hasHealthcheck else { return nil }
        return Python.withGIL {
            do {
                let result = try invoke.attribute("call_healthcheck").call(loaded)
                if result.kind == .bool, try !result.isTruthy() {
                    return .unhealthy("Healthcheck failed: user-defined healthcheck returned False")
                }
                return .healthy
            } catch {
                return .unhealthy("Healthcheck failed: \(Self.predictionFailure(error))")
            }
        }
    }
}
