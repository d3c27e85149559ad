// What the CLI and (later) the HTTP server need from anything that runs predictions.

/// Runs a predictor: one setup, then predictions. Implemented in-process by CogPython.
public protocol PredictionRunner {
    /// The predictor's interface, known before setup runs.
    var interface: PredictorInterface { get }
    /// Runs the predictor's `setup()`; `weights` is `COG_WEIGHTS` when set.
    func setup(weights: String?) throws(SetupError)
    /// Runs one prediction with inputs that already passed `InputValidator`. For iterator
    /// outputs, `onOutputItem` sees each item as it is produced; the outcome holds them all.
    func predict(_ inputs: [String: JSONValue], onOutputItem: (OutputValue) -> Void) -> PredictionOutcome
}
