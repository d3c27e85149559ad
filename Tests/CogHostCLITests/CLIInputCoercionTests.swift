// How `-i name=value` text becomes typed JSON, from the interface model.
import CogCore
@testable import CogHostCLI
import Foundation
import Testing

@Suite struct CLIInputCoercionTests {
    let coercion = CLIInputCoercion(inputs: [
        InputParameter(name: "n", order: 0, type: .integer, declaredDefault: nil),
        InputParameter(name: "x", order: 1, type: .number, declaredDefault: nil),
        InputParameter(name: "b", order: 2, type: .boolean, declaredDefault: nil),
        InputParameter(name: "s", order: 3, type: .string, declaredDefault: nil),
        InputParameter(name: "tags", order: 4, type: .list(.string), declaredDefault: nil),
        InputParameter(name: "counts", order: 5, type: .list(.integer), declaredDefault: nil),
        InputParameter(name: "options", order: 6, type: .dictionary, declaredDefault: nil),
        InputParameter(name: "maybe", order: 7, type: .optional(.integer), declaredDefault: nil),
    ], workingDirectory: NSTemporaryDirectory())

    @Test func scalarsFollowTheDeclaredType() throws {
        let values = try coercion.coerce(flags: ["n=-3", "x=10", "b=true", "s=42", "maybe=7"])
        #expect(values == ["n": .int(-3), "x": .int(10), "b": .bool(true), "s": .string("42"), "maybe": .int(7)])
        #expect(try coercion.coerce(flags: ["x=1.5"]) == ["x": .double(1.5)])
    }

    @Test func textThatIsNotOfTheTypeStaysText() throws {
        #expect(try coercion.coerce(flags: ["n=lots", "b=True", "n2=1"]) == ["n": .string("lots"), "b": .string("True"), "n2": .string("1")])
    }

    @Test func quotesAreStrippedOnce() throws {
        #expect(try coercion.coerce(flags: ["s=\"hello world\""]) == ["s": .string("hello world")])
        #expect(try coercion.coerce(flags: ["s=a=b"]) == ["s": .string("a=b")])
    }

    @Test func repeatedNamesAndJSONArraysBecomeLists() throws {
        #expect(try coercion.coerce(flags: ["counts=1", "counts=2"]) == ["counts": .array([.int(1), .int(2)])])
        #expect(try coercion.coerce(flags: ["tags=[\"a\",\"b\"]"]) == ["tags": .array([.string("a"), .string("b")])])
        #expect(try coercion.coerce(flags: ["tags=solo"]) == ["tags": .array([.string("solo")])])
    }

    @Test func objectsAreParsedAsJSON() throws {
        #expect(try coercion.coerce(flags: ["options={\"k\": 1}"]) == ["options": .object(["k": .int(1)])])
    }

    @Test func fileValuesBecomeDataURLs() throws {
        let path = NSTemporaryDirectory() + "/cog-host-coercion-\(UUID().uuidString).txt"
        try "hi".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try coercion.coerce(flags: ["s=@\(path)"]) == ["s": .string("data:text/plain;base64,aGk=")])
    }

    @Test func malformedFlagsAndMissingFilesAreReported() {
        #expect(throws: InputValidationError([.malformedFlag("novalue")])) { try coercion.coerce(flags: ["novalue"]) }
        do {
            _ = try coercion.coerce(flags: ["s=@/nonexistent/file.txt"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("input \"s\": failed to read file \"/nonexistent/file.txt\""))
        }
    }

    @Test func jsonDocumentsRejectUnknownNamesAndNonObjects() throws {
        #expect(try coercion.coerce(jsonDocument: "{\"n\": 2, \"s\": \"x\"}") == ["n": .int(2), "s": .string("x")])
        #expect(throws: InputValidationError.self) { try coercion.coerce(jsonDocument: "[1]") }
        do {
            _ = try coercion.coerce(jsonDocument: "{\"nope\": 1}")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("unknown input \"nope\""))
        }
    }
}
