// The 422 bodies of input validation: jsonschema-crate texts, stripping, null injection.
import CogCore
@testable import CogHTTP
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct ValidationTests {
    static let interface = PredictorInterface(method: .run, kind: .class, inputs: [
        InputParameter(name: "s", order: 0, type: .string, declaredDefault: nil),
        InputParameter(name: "n", order: 1, type: .integer, declaredDefault: .int(5), constraints: InputConstraints(minimum: 1, maximum: 10)),
        InputParameter(name: "short", order: 2, type: .string, declaredDefault: .string("ab"), constraints: InputConstraints(minLength: 2, maxLength: 5)),
        InputParameter(name: "p", order: 3, type: .string, declaredDefault: .string("a"), constraints: InputConstraints(pattern: "^a")),
        InputParameter(name: "color", order: 4, type: .string, declaredDefault: .string("red"), constraints: InputConstraints(choices: [.string("red"), .string("blue")])),
        InputParameter(name: "tags", order: 5, type: .list(.string), declaredDefault: .array([])),
        InputParameter(name: "u", order: 6, type: .union([.string, .number]), declaredDefault: .string("x")),
        InputParameter(name: "opt", order: 7, type: .optional(.string), declaredDefault: nil),
        InputParameter(name: "x", order: 8, type: .number, declaredDefault: .double(0.5), constraints: InputConstraints(minimum: 0.5)),
        InputParameter(name: "flag", order: 9, type: .boolean, declaredDefault: .bool(false)),
        InputParameter(name: "obj", order: 10, type: .dictionary, declaredDefault: .object([:])),
        InputParameter(name: "k", order: 11, type: .integer, declaredDefault: .int(1), constraints: InputConstraints(choices: [.int(1), .int(2)])),
    ], output: .string)

    static func problems(_ input: JSONValue) -> [HTTPValidationProblem] {
        switch HTTPInputValidator(interface: interface).validate(input) {
        case .success: return []
        case .failure(let failure): return failure.problems
        }
    }

    static func messages(_ input: JSONValue) -> [String] { problems(input).map { "\($0.field): \($0.message) (\($0.type))" } }

    @Test func messageTexts() {
        #expect(Self.messages(.object(["s": .string("a"), "n": .string("5")])) == [#"n: "5" is not of type "integer" (value_error)"#])
        #expect(Self.messages(.object(["s": .null])) == [#"s: null is not of type "string" (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "obj": .array([.int(1)])])) == [#"obj: [1] is not of type "object" (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "flag": .string("true")])) == [#"flag: "true" is not of type "boolean" (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "n": .double(2.5)])) == [#"n: 2.5 is not of type "integer" (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "n": .int(0)])) == ["n: 0 is less than the minimum of 1 (value_error)"])
        #expect(Self.messages(.object(["s": .string("a"), "n": .int(11)])) == ["n: 11 is greater than the maximum of 10 (value_error)"])
        #expect(Self.messages(.object(["s": .string("a"), "x": .double(0.25)])) == ["x: 0.25 is less than the minimum of 0.5 (value_error)"])
        #expect(Self.messages(.object(["s": .string("a"), "short": .string("x")])) == [#"short: "x" is shorter than 2 characters (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "short": .string("abcdef")])) == [#"short: "abcdef" is longer than 5 characters (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "p": .string("bb")])) == [#"p: "bb" does not match "^a" (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "color": .string("green")])) == [#"color: "green" is not one of ["red","blue"] (value_error)"#])
        #expect(Self.messages(.object(["s": .string("a"), "k": .int(3)])) == ["k: 3 is not one of [1,2] (value_error)"])
        #expect(Self.messages(.object(["s": .string("a"), "u": .bool(true)])) == ["u: true is not valid under any of the schemas listed in the 'anyOf' keyword (value_error)"])
        #expect(Self.messages(.object(["s": .string("a"), "tags": .array([.int(1), .string("b")])])) == [#"tags/0: 1 is not of type "string" (value_error)"#])
        #expect(Self.messages(.array([])) == [#"__root__: [] is not of type "object" (value_error)"#])
        #expect(Self.messages(.object([:])) == ["s: Field required (value_error.missing)"])
        // Type errors come before missing-field entries; several errors are listed separately.
        #expect(Self.messages(.object(["n": .string("x"), "short": .string("x")])) == [
            #"n: "x" is not of type "integer" (value_error)"#, #"short: "x" is shorter than 2 characters (value_error)"#,
            "s: Field required (value_error.missing)",
        ])
    }

    @Test func aRegexICUCannotReadIsNotCheckedButAValidOneIs() {
        let interface = PredictorInterface(method: .run, kind: .class, inputs: [
            InputParameter(name: "p", order: 0, type: .string, declaredDefault: nil, constraints: InputConstraints(pattern: #"(?a)^\w+$"#)),
            InputParameter(name: "q", order: 1, type: .string, declaredDefault: nil, constraints: InputConstraints(pattern: #"^x{,2}$"#)),
        ], output: .string)
        let validator = HTTPInputValidator(interface: interface)
        guard case .success = validator.validate(.object(["p": .string("not checked"), "q": .string("xx")])) else {
            Issue.record("a value failed a regex cog-host cannot check, or {,2} was misread")
            return
        }
        guard case .failure(let failure) = validator.validate(.object(["p": .string("a"), "q": .string("xxx")])) else {
            Issue.record("x{,2} accepted xxx")
            return
        }
        #expect(failure.problems.map(\.field) == ["q"])
    }

    @Test func stripsUnknownKeysAndInjectsNulls() {
        let result = HTTPInputValidator(interface: Self.interface).validate(.object(["s": .string("a"), "zzz": .int(1)]))
        guard case .success(let values) = result else {
            Issue.record("expected success")
            return
        }
        #expect(values == ["s": .string("a"), "opt": .null])
    }

    @Test func httpBody() async throws {
        let backend = FakeBackend(predict: Self.interface)
        try await makeServer(backend).makeApplication().test(.router) { client in
            let response = try await client.send("/predictions", json: #"{"input":{"n":"5","color":"green","extra":1}}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.text == #"{"detail":[{"loc":["body","input","color"],"msg":"\"green\" is not one of [\"red\",\"blue\"]","type":"value_error"},{"loc":["body","input","n"],"msg":"\"5\" is not of type \"integer\"","type":"value_error"},{"loc":["body","input","s"],"msg":"Field required","type":"value_error.missing"}]}"#)
            #expect(await backend.jobs.isEmpty)
            let ok = try await client.send("/predictions", json: #"{"input":{"s":"a","extra":1}}"#)
            #expect(ok.status == .ok)
            #expect(await backend.jobs.first?.input == ["s": .string("a"), "opt": .null])
        }
    }
}
