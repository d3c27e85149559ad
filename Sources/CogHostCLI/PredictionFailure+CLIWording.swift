// How the CLI words a failed prediction: as `cog predict` does, which prints the runtime's
// `error` text (the HTTP API's), so both front ends tell the same failure the same way.
import CogCore
import CogHTTP

extension PredictionFailure {
    /// The `error` of the `--json` result document, and what follows
    /// `Prediction failed with status "failed": ` on stderr.
    func cliErrorText(isTraining: Bool) -> String {
        httpErrorText(isTraining: isTraining)
    }
}
