// Reads the parts of cog.yaml that matter without Docker: the predictor references and environment.
import Foundation
import Yams

/// The `cog.yaml` keys cog-host uses.
struct CogConfiguration: Decodable {
    var run: String?
    var predict: String?
    var train: String?
    var environment: [String]?

    /// Reads `file` (relative to `directory`).
    static func load(file: String, directory: String) throws -> CogConfiguration {
        let path = file.hasPrefix("/") ? file : (directory as NSString).appendingPathComponent(file)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("\(file) not found in \(directory)")
        }
        do {
            return try YAMLDecoder().decode(CogConfiguration.self, from: text)
        } catch {
            throw CommandFailure("Failed to parse \(file): \(error)")
        }
    }

    /// The predictor reference for prediction: `run:` or its deprecated name `predict:`.
    func predictionReference(file: String) throws -> String {
        switch (run, predict) {
        case (let run?, nil): return run
        case (nil, let predict?): return predict
        case (.some, .some): throw CommandFailure("\(file): only one of run or predict can be set")
        case (nil, nil): throw CommandFailure("\(file) has no run: (or predict:) entry naming the predictor, e.g. run: \"predict.py:Predictor\"")
        }
    }

    /// `environment:` entries as name/value pairs.
    func environmentVariables() throws -> [(String, String)] {
        try (environment ?? []).map { entry in
            guard let equals = entry.firstIndex(of: "=") else {
                throw CommandFailure("cog.yaml environment entry '\(entry)' is not NAME=value")
            }
            return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
        }
    }
}
