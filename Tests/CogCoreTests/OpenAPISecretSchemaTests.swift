// Secret inputs and outputs in the OpenAPI document (secrets.md §2).
import CogCore
import Testing

/// secrets.md §2, row by row, with the one deliberate change: a Secret's non-null default is
/// never published.
@Suite struct OpenAPISecretSchemaTests {
    typealias F = OpenAPIFixtures
    static let secretFragment = #""format":"password","#
    static let secretTail = #""title":"Key","type":"string","writeOnly":true,"x-cog-secret":true,"x-order":0}"#

    func key(_ type: ValueType, _ declaredDefault: JSONValue?) -> PredictorInterface {
        F.interface(type, default: declaredDefault, name: "key")
    }

    @Test func bareSecretIsRequired() {
        let interface = key(.secret, nil)
        #expect(F.property(interface, "key") == "{" + Self.secretFragment + Self.secretTail)
        #expect(F.required(interface) == ["key"])
    }

    @Test func secretDefaultingToNoneIsNullableWithNullDefault() {
        let interface = key(.secret, .null)
        #expect(F.property(interface, "key") == #"{"default":null,"format":"password","nullable":true,"# + Self.secretTail)
        #expect(F.required(interface) == [])
    }

    @Test func optionalSecretDefaultingToNone() {
        let interface = key(.optional(.secret), .null)
        #expect(F.property(interface, "key") == #"{"default":null,"format":"password","nullable":true,"# + Self.secretTail)
        #expect(F.required(interface) == [])
    }

    @Test func optionalSecretWithoutDefault() {
        let interface = key(.optional(.secret), nil)
        #expect(F.property(interface, "key") == #"{"format":"password","nullable":true,"# + Self.secretTail)
        #expect(F.required(interface) == [])
    }

    @Test func secretStringDefaultIsNotPublished() {
        let interface = key(.secret, .string("abc"))
        let text = F.document(interface).compactText
        #expect(!text.contains("abc"))
        #expect(F.property(interface, "key") == "{" + Self.secretFragment + Self.secretTail)
        // Still optional: the default exists, it is just kept out of the document.
        #expect(F.required(interface) == [])
        #expect(!F.document(key(.list(.secret), .array([.string("abc")]))).compactText.contains("abc"))
        #expect(!F.document(key(.optional(.secret), .string("abc"))).compactText.contains("abc"))
    }

    @Test func listOfSecretsIsRequired() {
        let interface = key(.list(.secret), nil)
        #expect(F.property(interface, "key")
            == #"{"items":{"format":"password","type":"string","writeOnly":true,"x-cog-secret":true},"title":"Key","type":"array","x-order":0}"#)
        #expect(F.required(interface) == ["key"])
    }

    @Test func secretOutputsKeepTheMarkers() {
        #expect(F.output(.secret) == #"{"format":"password","title":"Output","type":"string","writeOnly":true,"x-cog-secret":true}"#)
        #expect(F.output(.model(name: "O", fields: [ModelField(name: "token", type: .secret, defaultValue: nil)]))
            == #"{"properties":{"token":{"format":"password","title":"Token","type":"string","writeOnly":true,"x-cog-secret":true}},"required":["token"],"title":"Output","type":"object"}"#)
    }
}
