// A PredictionRunner that runs a Cog predictor in this process's embedded Python.
public import CogCore
import Foundation
import PythonRuntime

/// Loads `file.py[:Name]`, introspects it once into a `PredictorInterface`, and runs setup and
/// predictions on the calling thread (which must be the thread that started Python in the CLI).
public final class PythonPredictor: PredictionRunner {
    public enum Mode: String, Sendable { case predict, train }

    public let interface: PredictorInterface
    private let loaded: PythonObject
    private let invoke: PythonObject

    private init(interface: PredictorInterface, loaded: PythonObject, invoke: PythonObject) {
        self.interface = interface
        self.loaded = loaded
        self.invoke = invoke
    }

    /// Imports the predictor and describes its interface. Nothing of the user's runs but the
    /// module body (and the class's `__init__`).
    public static func load(reference: String, mode: Mode) throws(SetupError) -> PythonPredictor {
        do {
            return try Python.withGIL { () throws -> PythonPredictor in
                let loader = try PythonObject.importModule("cog_host.loader")
                let definitionError = try PythonObject.importModule("cog_host.errors").attribute("PredictorDefinitionError")
                let loaded: PythonObject
                do {
                    loaded = try loader.attribute("load").call(PythonObject(string: reference), PythonObject(string: mode.rawValue))
                } catch let exception as PythonException {
                    if exception.matches(definitionError) { throw SetupError.invalidPredictor(exception.message) }
                    throw SetupError.importFailed(userCodeError(exception))
                }
                let describe = try PythonObject.importModule("cog_host.introspect").attribute("describe")
                let document: String
                do {
                    document = try describe.call(loaded).stringValue()
                } catch let exception as PythonException {
                    if exception.matches(definitionError) { throw SetupError.invalidPredictor(exception.message) }
                    throw SetupError.importFailed(userCodeError(exception))
                }
                let decoded = try JSONDecoder().decode(IntrospectionDocument.self, from: Data(document.utf8))
                return PythonPredictor(
                    interface: try decoded.interface(), loaded: loaded,
                    invoke: try PythonObject.importModule("cog_host.invoke"))
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
            throw .setupFailed(Self.userCodeError(error))
        }
    }

    public func predict(_ inputs: [String: JSONValue]) -> PredictionOutcome {
        let started = ContinuousClock.now
        return Python.withGIL {
            var scope: PythonObject?
            var metrics: [String: JSONValue] = [:]
            func finish() {
                let elapsed = ContinuousClock.now - started
                if let scope, let snapshot = try? scope.callMethod("metrics_snapshot"), case .object(let recorded)? = try? OutputEncoder.encode(snapshot) {
                    metrics = recorded
                }
                if let scope, let exit = try? PythonObject.importModule("cog._scope").attribute("_exit_scope") { _ = try? exit.call(scope) }
                metrics["predict_time"] = .double(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            do {
                let arguments = try keywordArguments(inputs)
                scope = try PythonObject.importModule("cog._scope").attribute("_enter_scope").call(PythonObject.dictionary())
                let result = try invoke.attribute("call_predict").call(loaded, arguments)
                let normalized = try invoke.attribute("normalize_output").call(result)
                let output = try OutputEncoder.encode(normalized)
                finish()
                return .succeeded(output: output, metrics: metrics)
            } catch let exception as PythonException {
                finish()
                if exception.isKeyboardInterrupt { return .canceled(metrics: metrics) }
                return .failed(Self.userCodeError(exception), metrics: metrics)
            } catch {
                finish()
                return .failed(UserCodeError(typeName: "cog-host", message: String(describing: error)), metrics: metrics)
            }
        }
    }

    /// The keyword arguments for the call: validated inputs (Secret-typed ones wrapped in
    /// `cog.Secret`), plus `None` for optional inputs that were omitted and have no default.
    private func keywordArguments(_ inputs: [String: JSONValue]) throws -> PythonObject {
        let arguments = try PythonObject.dictionary()
        for parameter in interface.inputs {
            if let value = inputs[parameter.name] {
                var object = try value.pythonObject()
                if parameter.type.unwrapped == .secret, case .string = value, let secrets = SecretRuntime.shared {
                    object = try secrets.make(object)
                }
                try arguments.setItem(parameter.name, object)
            } else if parameter.declaredDefault == nil, parameter.isNullable {
                try arguments.setItem(parameter.name, .none)
            }
        }
        return arguments
    }

    static func userCodeError(_ error: any Error) -> UserCodeError {
        guard let exception = error as? PythonException else {
            return UserCodeError(typeName: "cog-host", message: String(describing: error))
        }
        // Frames of the host's own helpers say nothing to the user.
        let traceback = exception.traceback.filter { !$0.contains("/cog_host/") }
        return UserCodeError(typeName: exception.typeName, message: exception.message, traceback: traceback)
    }
}
