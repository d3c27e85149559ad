// Whether a virtualenv the user chose visibly lacks what the project pins.
import Foundation

public enum ExplicitEnvironmentCheck {
    /// `name==version` pins with no matching `*.dist-info` in the venv's site-packages.
    public static func missingPins(_ pins: [(name: String, version: String)], in venv: String) -> [String] {
        guard !pins.isEmpty else { return [] }
        let lib = venv + "/lib"
        var installed: Set<String> = []
        for python in (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? [] where python.hasPrefix("python") {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "\(lib)/\(python)/site-packages")) ?? [] where entry.hasSuffix(".dist-info") {
                let stem = entry.dropLast(".dist-info".count)
                guard let dash = stem.firstIndex(of: "-") else { continue }
                installed.insert(ProjectRequirements.normalized(String(stem[..<dash])) + "==" + stem[stem.index(after: dash)...])
            }
        }
        return pins.filter { !installed.contains("\($0.name)==\($0.version)") }.map { "\($0.name)==\($0.version)" }
    }
}
