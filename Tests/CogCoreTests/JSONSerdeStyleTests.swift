// serde_json-style printing and Secret masking of echoed inputs.
@testable import CogCore
import Testing

@Suite struct JSONSerdeStyleTests {
    @Test(arguments: [
        (1.0, "1.0"), (0.0012, "0.0012"), (1e-7, "1e-7"), (1.5e300, "1.5e300"), (1e21, "1e21"), (123456789.125, "123456789.125"),
        (1e15, "1000000000000000.0"), (1e16, "1e16"), (0.0001, "0.0001"), (0.00001, "0.00001"), (0.000001, "1e-6"), (-2.5, "-2.5"), (0.0, "0.0"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"), (1.234e20, "1.234e20"),
    ])
    func ryuNumbers(value: Double, expected: String) {
        #expect(JSONNumberText.text(value, form: .ryu) == expected)
    }

    @Test func compactSortedEscaped() {
        let value: JSONValue = .object(["b": .array([.int(1), .double(2), .null]), "a": .string("q\"\\\n\u{01}/<é"), "B": .bool(true)])
        #expect(value.text(.serde) == #"{"B":true,"a":"q\"\\\n\u0001/<é","b":[1,2.0,null]}"#)
    }

    @Test func secretsMaskedInEcho() {
        let interface = PredictorInterface(method: .run, kind: .class, inputs: [
            InputParameter(name: "k", order: 0, type: .secret, declaredDefault: nil),
            InputParameter(name: "ks", order: 1, type: .list(.secret), declaredDefault: nil),
            InputParameter(name: "o", order: 2, type: .optional(.secret), declaredDefault: .null),
            InputParameter(name: "s", order: 3, type: .string, declaredDefault: nil),
        ], output: .string)
        let masked = interface.maskingSecrets(in: ["k": .string("raw"), "ks": .array([.string("a")]), "o": .null, "s": .string("plain")])
        #expect(masked == ["k": .string("**********"), "ks": .array([.string("**********")]), "o": .null, "s": .string("plain")])
    }
}
