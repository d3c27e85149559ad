// Shows a prediction's outcome as `cog run` does: stdout, output files, --json documents, exit status.
import CogCore
import Foundation

/// Presents one prediction. Iterator items arrive through `outputItem` while the predictor is
/// still running: files are written as they come, other items are printed as a JSON array that
/// grows on stdout (the finished text is what Cog prints at the end).
final class OutputPresenter {
    private let outputPath: String?
    private let defaultDestination: String
    private let jsonMode: Bool
    private let workingDirectory: String
    private var streamedItems = 0
    private var printingArray = false

    /// `outputPath` is `-o`; `defaultDestination` is `output` (`weights` for training).
    init(outputPath: String?, defaultDestination: String, jsonMode: Bool, workingDirectory: String) {
        self.outputPath = outputPath
        self.defaultDestination = defaultDestination
        self.jsonMode = jsonMode
        self.workingDirectory = workingDirectory
    }

    private var destination: String {
        guard let outputPath else { return defaultDestination }
        let stripped = outputPath.hasPrefix("@") ? String(outputPath.dropFirst()) : outputPath
        var expanded = (stripped as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute(expanded), isDirectory: &isDirectory), isDirectory.boolValue {
            expanded = (expanded as NSString).appendingPathComponent("output")
        }
        return expanded
    }

    /// Whether non-file outputs go to stdout (no -o, and not a training, whose output goes to `weights`).
    private var printsToStdout: Bool { outputPath == nil && defaultDestination == "output" }
    /// `cog train` (whose outputs go to `weights`): Cog words its failures "Training failed".
    private var isTraining: Bool { defaultDestination == "weights" }

    /// One item of an iterator output, as soon as the predictor yields it.
    func outputItem(_ item: OutputValue) {
        defer { streamedItems += 1 }
        guard !jsonMode else { return }
        if case .file(let file) = item {
            try? writeFile(file, to: OutputFileNaming.path(for: file, destination: destination, index: streamedItems))
            return
        }
        guard printsToStdout else { return }
        let text = inlineFiles(item).text(.goIndentedSorted, startIndent: "  ")
        StandardStreams.writeResultFragment(printingArray ? ",\n  " + text : "[\n  " + text)
        printingArray = true
    }

    func present(_ outcome: PredictionOutcome) throws {
        defer {
            if case .succeeded(let output, _) = outcome {
                for file in output.allFiles where file.isTemporary { try? FileManager.default.removeItem(atPath: file.path) }
            }
        }
        if printingArray { StandardStreams.writeResult("\n]") }
        if jsonMode { return try presentJSON(outcome) }
        switch outcome {
        case .succeeded(let output, _):
            if streamedItems > 0, printingArray || output.topLevelFiles != nil { return }
            if output == .null {
                StandardStreams.writeError("No output generated")
                return
            }
            if let files = output.topLevelFiles {
                try writeFiles(files, topLevel: output)
                return
            }
            let text: String
            if case .json(.string(let string)) = output { text = string } else { text = inlineFiles(output).text(.goIndentedSorted) }
            if printsToStdout {
                StandardStreams.writeResult(text)
            } else {
                try write(Data(text.utf8), to: destination)
            }
        case .failed(let error, _):
            throw CommandFailure(error.traceback.joined() + "Prediction failed with status \"failed\": \(error.cliErrorText(isTraining: isTraining))")
        case .canceled:
            throw CommandFailure("Prediction failed with status \"canceled\": ")
        }
    }

    /// `{status, output, error, metrics}` in Go's field order; exit 1 unless it succeeded. File
    /// outputs are written beside the document and replaced by their paths.
    private func presentJSON(_ outcome: PredictionOutcome) throws {
        let status: String, output: JSONValue, error: String, metrics: [String: JSONValue]
        switch outcome {
        case .succeeded(let value, let recorded):
            (status, error, metrics) = ("succeeded", "", recorded)
            if let files = value.topLevelFiles {
                let base = ((outputPath ?? "output.json") as NSString).deletingPathExtension
                let paths = try files.enumerated().map { index, file in
                    let path = value == .file(file) ? OutputFileNaming.path(for: file, destination: base)
                        : OutputFileNaming.path(for: file, destination: base, index: index)
                    try writeFile(file, to: path)
                    return JSONValue.string(path)
                }
                output = value == .file(files[0]) && paths.count == 1 ? paths[0] : .array(paths)
            } else {
                output = inlineFiles(value)
            }
        case .failed(let failure, let recorded):
            StandardStreams.writeError(failure.traceback.joined())
            (status, output, error, metrics) = ("failed", .null, failure.cliErrorText(isTraining: isTraining), recorded)
        case .canceled(let recorded): (status, output, error, metrics) = ("canceled", .null, "", recorded)
        }
        var fields: [(String, JSONValue)] = [("status", .string(status)), ("output", output), ("error", .string(error))]
        if !metrics.isEmpty { fields.append(("metrics", .object(JSONObject(metrics)))) }
        // Go's struct order at the top, its sorted map keys below.
        let document = JSONValue.object(JSONObject(fields.map { ($0.0, $0.1.sortingAllKeys()) })).text(.goIndented)
        if let outputPath {
            if !outputPath.hasSuffix(".json") {
                StandardStreams.writeError("--output value does not have a .json suffix: \((outputPath as NSString).lastPathComponent)")
            }
            try write(Data(document.utf8), to: outputPath)
        } else {
            StandardStreams.writeResult(document)
        }
        if status != "succeeded" { throw CommandFailure("Prediction failed with status \"\(status)\": \(error)") }
    }

    private func writeFiles(_ files: [OutputFile], topLevel: OutputValue) throws {
        if case .file(let file) = topLevel {
            try writeFile(file, to: OutputFileNaming.path(for: file, destination: destination))
        } else {
            for (index, file) in files.enumerated() {
                try writeFile(file, to: OutputFileNaming.path(for: file, destination: destination, index: index))
            }
        }
    }

    /// Files nested in other values are shown as data URLs, as Cog returns them.
    private func inlineFiles(_ value: OutputValue) -> JSONValue {
        value.jsonValue { file in .string(FileManager.default.contents(atPath: file.path).map(file.dataURL(contents:)) ?? file.path) }
    }

    private func writeFile(_ file: OutputFile, to path: String) throws {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CommandFailure("Failed to read output file \(file.path)")
        }
        try write(data, to: path)
    }

    private func write(_ data: Data, to path: String) throws {
        guard FileManager.default.createFile(atPath: absolute(path), contents: data) else {
            throw CommandFailure("Output path is not writable: \(path)")
        }
        StandardStreams.writeError("Written output to: \(path)")
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
    }
}
