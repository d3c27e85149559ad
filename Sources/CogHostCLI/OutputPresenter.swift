// Shows a prediction's outcome as `cog run` does: stdout, -o files, --json documents, exit status.
import CogCore
import Foundation

struct OutputPresenter {
    let interface: PredictorInterface
    let outputPath: String?
    let jsonMode: Bool
    let workingDirectory: String

    func present(_ outcome: PredictionOutcome) throws {
        if jsonMode { return try presentJSON(outcome) }
        switch outcome {
        case .succeeded(let output, _):
            if output == .null {
                StandardStreams.writeError("No output generated")
                return
            }
            let text: String
            if case .string(let string) = output { text = string } else { text = GoJSONFormatter.format(output) }
            if let outputPath {
                try write(text, to: outputPath)
            } else {
                StandardStreams.writeResult(text)
            }
        case .failed(let error, _):
            throw CommandFailure(error.traceback.joined() + "Prediction failed with status \"failed\": \(error)")
        case .canceled:
            throw CommandFailure("Prediction failed with status \"canceled\": ")
        }
    }

    /// `{status, output, error, metrics}` in Go's field order; exit 1 unless it succeeded.
    private func presentJSON(_ outcome: PredictionOutcome) throws {
        let status: String, output: JSONValue, error: String, metrics: [String: JSONValue]
        switch outcome {
        case .succeeded(let value, let recorded): (status, output, error, metrics) = ("succeeded", value, "", recorded)
        case .failed(let failure, let recorded):
            StandardStreams.writeError(failure.traceback.joined())
            (status, output, error, metrics) = ("failed", .null, failure.description, recorded)
        case .canceled(let recorded): (status, output, error, metrics) = ("canceled", .null, "", recorded)
        }
        var fields: [(String, JSONValue)] = [("status", .string(status)), ("output", output), ("error", .string(error))]
        if !metrics.isEmpty { fields.append(("metrics", .object(metrics))) }
        let document = GoJSONFormatter.formatObject(orderedFields: fields)
        if let outputPath {
            if !outputPath.hasSuffix(".json") {
                StandardStreams.writeError("--output value does not have a .json suffix: \((outputPath as NSString).lastPathComponent)")
            }
            try write(document, to: outputPath)
        } else {
            StandardStreams.writeResult(document)
        }
        if status != "succeeded" { throw CommandFailure("Prediction failed with status \"\(status)\": \(error)") }
    }

    private func write(_ text: String, to path: String) throws {
        let expanded = ((path.hasPrefix("@") ? String(path.dropFirst()) : path) as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : (workingDirectory as NSString).appendingPathComponent(expanded)
        guard FileManager.default.createFile(atPath: absolute, contents: Data(text.utf8)) else {
            throw CommandFailure("Output path is not writable: \(path)")
        }
        StandardStreams.writeError("Written output to: \(path)")
    }
}
