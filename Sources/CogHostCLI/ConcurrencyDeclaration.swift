// `@cog.concurrent(max=N)` read from the predictor's source, as Cog's build reads it.
import Foundation

/// Cog's build finds the decorator on the predictor's `run`/`predict` (or `train`) function by
/// parsing the file, and takes a literal integer `max` (it refuses anything else); the image
/// then has `COG_MAX_CONCURRENCY=N`. The server needs the number before the worker imports the
/// predictor (it sizes the slots), so it is read the same way here: the decorators right
/// above `def NAME(` / `async def NAME(`.
enum ConcurrencyDeclaration {
    /// `max` of `@concurrent(max=N)` / `@cog.concurrent(max=N)` on the reference's function;
    /// nil when there is none or it is not a literal integer.
    static func declaredMax(reference: String, projectDirectory: String) -> Int? {
        let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
        var file = parts[0]
        if !file.hasSuffix(".py") { file += ".py" }
        let path = file.hasPrefix("/") ? file : (projectDirectory as NSString).appendingPathComponent(file)
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        // A class reference names the class; its method is run (or predict, or train). A
        // function reference names the function itself.
        let names = parts.count == 2 ? [parts[1], "run", "predict"] : ["run", "predict"]
        return declaredMax(in: source, functionNames: names)
    }

    static func declaredMax(in source: String, functionNames: [String]) -> Int? {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.enumerated() {
            guard functionNames.contains(where: { line.hasPrefix("def \($0)(") || line.hasPrefix("async def \($0)(") }) else { continue }
            var above = index - 1
            while above >= 0, lines[above].hasPrefix("@") || lines[above].hasPrefix("#") || lines[above].isEmpty {
                if let value = maxArgument(lines[above]) { return value }
                above -= 1
            }
        }
        return nil
    }

    /// `7` from `@concurrent(max=7)` or `@cog.concurrent( max = 7 )`.
    static func maxArgument(_ decorator: String) -> Int? {
        let compact = decorator.filter { !$0.isWhitespace }
        for prefix in ["@concurrent(max=", "@cog.concurrent(max="] where compact.hasPrefix(prefix) {
            let rest = compact.dropFirst(prefix.count)
            let literal = rest.prefix { $0.isNumber || $0 == "_" }
            guard rest.dropFirst(literal.count).hasPrefix(")"), let value = Int(literal.filter { $0 != "_" }), value >= 1 else { return nil }
            return value
        }
        return nil
    }
}
