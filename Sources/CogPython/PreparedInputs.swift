// The Python keyword arguments of one prediction, with any temporary input files to delete.
import PythonRuntime

/// Inputs converted for the predictor call: Secrets wrapped, URL inputs downloaded. Made by
/// `PythonPredictor.prepare`; the temporary files are deleted when the prediction ends.
public final class PreparedInputs {
    let arguments: PythonObject
    let temporaryFiles: PythonObject
    /// The request's `context`, for `current_scope().context`.
    let context: [String: String]

    init(arguments: PythonObject, temporaryFiles: PythonObject, context: [String: String]) {
        self.arguments = arguments
        self.temporaryFiles = temporaryFiles
        self.context = context
    }
}
