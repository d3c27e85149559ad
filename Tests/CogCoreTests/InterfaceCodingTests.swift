// The interface model survives the worker protocol unchanged, None defaults included.
import CogCore
import Foundation
import Testing

@Suite struct InterfaceCodingTests {
    @Test func noneDefaultsAreNotLostInTransit() throws {
        let interface = PredictorInterface(
            method: .run, kind: .class,
            inputs: [
                InputParameter(name: "value", order: 0, type: .optional(.union([.string, .number])), declaredDefault: .null),
                InputParameter(name: "plain", order: 1, type: .string, declaredDefault: nil, constraints: InputConstraints(maxLength: 3)),
                InputParameter(name: "key", order: 2, type: .secret, declaredDefault: .null, description: "token"),
            ],
            output: .model(name: "Out", fields: [ModelField(name: "x", type: .optional(.integer), defaultValue: .null), ModelField(name: "y", type: .string, defaultValue: nil)]))
        let decoded = try JSONDecoder().decode(PredictorInterface.self, from: JSONEncoder().encode(interface))
        #expect(decoded == interface)
        #expect(decoded.inputs[0].isRequired == false)
        #expect(decoded.inputs[2].isNullable)
    }
}
