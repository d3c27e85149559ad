// Reads the parts of cog.yaml that matter without Docker: the predictor references and environment.
import Foundation
import Yams

/// The `cog.yaml` keys cog-host uses.
struct CogConfiguration: Decodable {
    var run: String?
    var predict: String?
    var train: String?
    var environment: [String]?
    var concurrency: Concurrency?
    var build: Build?

    struct Concurrency: Decodable {
        var max: Int?
    }

    /// `build:`, as far as it concerns an environment without Docker (other keys are ignored,
    /// as Cog ignores them).
    struct Build: Decodable {
        var pythonVersion: String?
        var pythonPackages: [String]?
        var pythonRequirements: String?
        var systemPackages: [String]?
        var run: [BuildCommand]?
        var gpu: Bool?
        var cuda: String?

        enum CodingKeys: String, CodingKey {
            case pythonVersion = "python_version", pythonPackages = "python_packages", pythonRequirements = "python_requirements"
            case systemPackages = "system_packages", run, gpu, cuda
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // `python_version: 3.10` unquoted is read as the text written (Yams keeps the scalar).
            pythonVersion = try? container.decodeIfPresent(String.self, forKey: .pythonVersion)
            pythonPackages = try container.decodeIfPresent([String].self, forKey: .pythonPackages)
            pythonRequirements = try container.decodeIfPresent(String.self, forKey: .pythonRequirements)
            systemPackages = try container.decodeIfPresent([String].self, forKey: .systemPackages)
            run = try container.decodeIfPresent([BuildCommand].self, forKey: .run)
            gpu = try container.decodeIfPresent(Bool.self, forKey: .gpu)
            cuda = try? container.decodeIfPresent(String.self, forKey: .cuda)
        }
    }

    /// A `build.run` entry: a command line, or `{command: …, mounts: …}`.
    struct BuildCommand: Decodable {
        var command: String

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                command = text
                return
            }
            struct Object: Decodable { var command: String }
            command = try Object(from: decoder).command
        }
    }

    /// Finds `file` in `directory` or the nearest parent that has it, as Cog does; returns the
    /// directory it was found in (the project root) with its configuration.
    static func find(file: String, from directory: String) throws -> (projectDirectory: String, configuration: CogConfiguration) {
        if file.hasPrefix("/") {
            return ((file as NSString).deletingLastPathComponent, try load(path: file, name: file))
        }
        var candidate = (directory as NSString).standardizingPath
        while true {
            let path = (candidate as NSString).appendingPathComponent(file)
            if FileManager.default.fileExists(atPath: path) {
                return (((path as NSString).deletingLastPathComponent as NSString).standardizingPath, try load(path: path, name: file))
            }
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent == candidate || parent.isEmpty {
                throw CommandFailure("\(file) not found in \(directory) (or in any parent directories)")
            }
            candidate = parent
        }
    }

    private static func load(path: String, name file: String) throws -> CogConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("cannot read \(path)")
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
