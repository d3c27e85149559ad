// Input validation messages and rules, matching Cog's CLI pre-flight checks.
import CogCore
import Testing

@Suite struct InputValidatorTests {
    let inputs = [
        InputParameter(name: "prompt", order: 0, type: .string, declaredDefault: nil),
        InputParameter(name: "count", order: 1, type: .integer, declaredDefault: .int(5), constraints: InputConstraints(minimum: 1, maximum: 10)),
        InputParameter(name: "ratio", order: 2, type: .number, declaredDefault: .double(0.5)),
        InputParameter(name: "size", order: 3, type: .string, declaredDefault: .string("small"), constraints: InputConstraints(choices: [.string("small"), .string("medium"), .string("large")])),
        InputParameter(name: "title", order: 4, type: .string, declaredDefault: .string("ok"), constraints: InputConstraints(minLength: 2, maxLength: 5)),
        InputParameter(name: "slug", order: 5, type: .string, declaredDefault: .string("ok"), constraints: InputConstraints(pattern: "^[a-z]+$")),
        InputParameter(name: "note", order: 6, type: .optional(.string), declaredDefault: .null),
        InputParameter(name: "flag", order: 7, type: .boolean, declaredDefault: .bool(false)),
    ]

    func message(_ values: [String: JSONValue]) -> String? {
        do {
            try InputValidator(inputs: inputs).validate(values)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func acceptsValidInputs() {
        #expect(message(["prompt": .string("hi"), "count": .int(3), "ratio": .int(1), "flag": .bool(true)]) == nil)
    }

    @Test func unknownInputsNameTheValidOnes() {
        #expect(message(["prompt": .string("hi"), "nope": .int(1)])
            == "unknown input \"nope\"; valid inputs are: count, flag, note, prompt, ratio, size, slug, title")
        #expect(message(["b": .int(1), "a": .int(1)])?.hasPrefix("unknown inputs \"a\", \"b\"; valid inputs are:") == true)
        #expect(throws: InputValidationError.self) { try InputValidator(inputs: []).validate(["x": .int(1)]) }
        #expect((try? InputValidator(inputs: []).validate(["x": .int(1)])) == nil)
    }

    @Test func modelWithoutInputsSaysSo() {
        do {
            try InputValidator(inputs: []).validate(["x": .int(1)])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "unknown input \"x\"; model does not accept inputs")
        }
    }

    @Test func missingRequiredInput() {
        #expect(message([:]) == "missing required input \"prompt\"")
    }

    @Test func explicitNullIsRejectedEvenWhenOptional() {
        #expect(message(["prompt": .string("hi"), "note": .null]) == "invalid input \"note\": must not be null (omit the input to use its default)")
        #expect(message(["prompt": .string("hi"), "count": .null]) == "invalid input \"count\": must not be null (omit the input to use its default)")
    }

    @Test func wrongTypes() {
        #expect(message(["prompt": .string("hi"), "count": .string("lots")]) == "invalid input \"count\": expected integer, got string")
        #expect(message(["prompt": .string("hi"), "count": .double(2.5)]) == "invalid input \"count\": expected integer, got number")
        #expect(message(["prompt": .string("hi"), "count": .double(2.0)]) == nil)
        #expect(message(["prompt": .string("hi"), "ratio": .string("x")]) == "invalid input \"ratio\": expected number or integer, got string")
        #expect(message(["prompt": .int(1)]) == "invalid input \"prompt\": expected string, got number")
        #expect(message(["prompt": .string("hi"), "flag": .string("true")]) == "invalid input \"flag\": expected boolean, got string")
    }

    @Test func constraints() {
        #expect(message(["prompt": .string("hi"), "count": .int(0)]) == "invalid input \"count\": number must be at least 1")
        #expect(message(["prompt": .string("hi"), "count": .int(99)]) == "invalid input \"count\": number must be at most 10")
        #expect(message(["prompt": .string("hi"), "size": .string("huge")]) == "invalid input \"size\": must be one of: small, medium, large")
        #expect(message(["prompt": .string("hi"), "title": .string("toolong")]) == "invalid input \"title\": maximum string length is 5")
        #expect(message(["prompt": .string("hi"), "title": .string("x")]) == "invalid input \"title\": minimum string length is 2")
        #expect(message(["prompt": .string("hi"), "slug": .string("BAD")]) == "invalid input \"slug\": string doesn't match the regular expression \"^[a-z]+$\"")
    }

    @Test func patternIsAnUnanchoredSearch() {
        let parameter = InputParameter(name: "p", order: 0, type: .string, declaredDefault: nil, constraints: InputConstraints(pattern: "b"))
        #expect((try? InputValidator(inputs: [parameter]).validate(["p": .string("abc")])) != nil)
    }

    @Test func pythonRegexSpellingsAreCheckedAndWhatICUCannotReadIsNamedAtSetup() {
        // Python's named groups, back references and {,n} are read in ICU's spelling.
        let named = InputParameter(name: "q", order: 0, type: .string, declaredDefault: nil, constraints: InputConstraints(pattern: #"^(?P<word>[a-z]+)-(?P=word)-x{,2}$"#))
        #expect((try? InputValidator(inputs: [named]).validate(["q": .string("ab-ab-xx")])) != nil)
        #expect((try? InputValidator(inputs: [named]).validate(["q": .string("ab-cd-x")])) == nil)
        #expect((try? InputValidator(inputs: [named]).validate(["q": .string("ab-ab-xxx")])) == nil)
        // Python compiles (?a) (introspection refuses what it does not); ICU does not: the value is
        // not checked, and the interface's setup warnings say so instead of staying silent.
        let ascii = InputParameter(name: "p", order: 0, type: .string, declaredDefault: nil, constraints: InputConstraints(pattern: #"(?a)^\w+$"#))
        #expect((try? InputValidator(inputs: [ascii]).validate(["p": .string("anything at all")])) != nil)
        let interface = PredictorInterface(method: .run, kind: .class, inputs: [ascii, named], output: .string)
        #expect(interface.uncheckablePatternWarnings.count == 1)
        #expect(interface.uncheckablePatternWarnings.first?.hasPrefix(#"input "p": its regex "(?a)^\w+$" uses syntax cog-host cannot check ("#) == true, "\(interface.uncheckablePatternWarnings)")
    }

    @Test func severalProblemsAreListed() {
        #expect(message(["count": .int(0), "size": .string("huge")]) == """
        input validation failed:
        - missing required input "prompt"
        - invalid input "count": number must be at least 1
        - invalid input "size": must be one of: small, medium, large
        """)
    }
}
