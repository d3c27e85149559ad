// The targets Package.swift declares and what each depends on, read from the manifest's text.
import Foundation

/// One `.target`, `.executableTarget` or `.testTarget` entry of Package.swift: its name, its
/// source directory and the modules its `dependencies:` names (targets by name, products by
/// their product name, which for every package cog-host uses is also the module's name).
///
/// The manifest is read as text, not through `swift package dump-package`: that command waits
/// for the `.build` lock, which `swift test` holds while the tests run.
struct PackageManifestTargets {
    struct Target: Equatable {
        let name: String
        let directory: String
        let dependencies: Set<String>
    }

    let targets: [Target]

    init(manifest: String) {
        // Comments may hold anything (parentheses, quotes); the entries are read without them.
        let code = manifest.replacingOccurrences(of: #"(?<!:)//[^\n]*"#, with: "", options: .regularExpression)
        // Shared lists (`let name: [Target.Dependency] = [...]`) that entries add with `+ name`.
        var sharedLists: [String: Set<String>] = [:]
        var listSearch = code.startIndex
        while let declaration = code.range(of: #"let [A-Za-z_][A-Za-z0-9_]*: \[Target\.Dependency\] = \["#, options: .regularExpression, range: listSearch..<code.endIndex) {
            let name = String(code[declaration].dropFirst(4).prefix { $0 != ":" })
            let items = Self.balanced(code[...], from: declaration.upperBound, open: "[", close: "]")
            sharedLists[name] = Self.dependencies(in: items)
            listSearch = items.endIndex
        }
        var found: [Target] = []
        for (kind, folder) in [(".target(", "Sources"), (".executableTarget(", "Sources"), (".testTarget(", "Tests")] {
            var searchStart = code.startIndex
            while let opening = code.range(of: kind, range: searchStart..<code.endIndex) {
                let body = Self.balanced(code[...], from: opening.upperBound, open: "(", close: ")")
                searchStart = body.endIndex
                guard let name = Self.firstString(after: "name:", in: body) else { continue }
                let directory = Self.firstString(after: "path:", in: body) ?? "\(folder)/\(name)"
                var dependencies: Set<String> = []
                if let list = body.range(of: "dependencies:"), let bracket = body[list.upperBound...].firstIndex(of: "[") {
                    let items = Self.balanced(body, from: body.index(after: bracket), open: "[", close: "]")
                    dependencies = Self.dependencies(in: items)
                    // `] + sharedList` after the literal.
                    var rest = body[items.endIndex...].dropFirst()
                    while let plus = rest.firstMatch(of: #/^\s*\+\s*([A-Za-z_][A-Za-z0-9_]*)/#) {
                        dependencies.formUnion(sharedLists[String(plus.1)] ?? [])
                        rest = rest[plus.range.upperBound...]
                    }
                }
                found.append(Target(name: name, directory: directory, dependencies: dependencies))
            }
        }
        targets = found
    }

    /// The modules a dependency list names: `.product(name: "X", package: "p")` names X, a bare
    /// string names a target.
    private static func dependencies(in items: Substring) -> Set<String> {
        let products = strings(in: items, after: ".product(name:")
        let packages = strings(in: items, after: "package:")
        return Set(allStrings(in: items)).subtracting(packages).union(products)
    }

    /// The text between an opening bracket (just before `start`) and its matching close.
    private static func balanced(_ text: Substring, from start: String.Index, open: Character, close: Character) -> Substring {
        var depth = 1
        var index = start
        var inString = false
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { inString.toggle() }
            if !inString {
                if character == open { depth += 1 }
                if character == close {
                    depth -= 1
                    if depth == 0 { return text[start..<index] }
                }
            }
            index = text.index(after: index)
        }
        return text[start..<text.endIndex]
    }

    private static func firstString(after label: String, in text: Substring) -> String? {
        strings(in: text, after: label).first
    }

    /// The string literal right after each occurrence of `label`.
    private static func strings(in text: Substring, after label: String) -> [String] {
        var result: [String] = []
        var searchStart = text.startIndex
        while let found = text.range(of: label, range: searchStart..<text.endIndex) {
            searchStart = found.upperBound
            let rest = text[found.upperBound...].drop { $0 == " " }
            guard rest.first == "\"", let end = rest.dropFirst().firstIndex(of: "\"") else { continue }
            result.append(String(rest[rest.index(after: rest.startIndex)..<end]))
        }
        return result
    }

    private static func allStrings(in text: Substring) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
