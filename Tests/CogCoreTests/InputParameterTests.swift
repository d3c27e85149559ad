// Cog's required/nullable/default rules for inputs.
import CogCore
import Testing

@Suite struct InputParameterTests {
    func parameter(_ type: ValueType, _ declaredDefault: JSONValue?) -> InputParameter {
        InputParameter(name: "x", order: 0, type: type, declaredDefault: declaredDefault)
    }

    @Test func plainTypeWithoutDefaultIsRequired() {
        #expect(parameter(.string, nil).isRequired)
        #expect(parameter(.string, .string("a")).isRequired == false)
    }

    @Test func noneDefaultOnNonNullableTypeIsNoDefault() {
        let seed = parameter(.integer, .null)
        #expect(seed.isRequired)
        #expect(seed.effectiveDefault == nil)
    }

    @Test func secretWithNoneDefaultIsNullableAndOptional() {
        let key = parameter(.secret, .null)
        #expect(key.isNullable)
        #expect(!key.isRequired)
        #expect(key.effectiveDefault == .null)
    }

    @Test func optionalIsNeverRequired() {
        #expect(!parameter(.optional(.string), nil).isRequired)
        #expect(parameter(.optional(.string), nil).isNullable)
    }

    @Test func unionWithNoneStaysRequiredWithoutDefault() {
        let union = parameter(.optional(.union([.string, .number])), nil)
        #expect(union.isRequired)
        #expect(!parameter(.optional(.union([.string, .number])), .null).isRequired)
        #expect(parameter(.union([.string, .number]), nil).isRequired)
    }
}
