// JSONValue: key order, sorting, and Go encoding/json's compact and indented text.
import CogCore
import Testing

@Suite struct JSONValueTests {
    @Test func keepsInsertionOrder() {
        let value: JSONValue = .object([("b", .int(1)), ("a", .int(2)), ("c", .array([]))])
        #expect(value.compactText == #"{"b":1,"a":2,"c":[]}"#)
        #expect(value.keys == ["b", "a", "c"])
        #expect(value["a"] == .int(2))
        #expect(value["z"] == nil)
    }

    @Test func equalityIgnoresOrderButIdentityDoesNot() {
        let ab: JSONValue = .object([("a", .int(1)), ("b", .array([.object([("x", .null), ("y", .null)])]))])
        let ba: JSONValue = .object([("b", .array([.object([("y", .null), ("x", .null)])])), ("a", .int(1))])
        #expect(ab == ba)
        #expect(!ab.isIdentical(to: ba))
        #expect(ab.isIdentical(to: ba.sortingAllKeys()))
        #expect(ab != .object([("a", .int(1))]))
        #expect(JSONValue.object([("a", .int(1))]) != .object([("a", .double(1))]))
    }

    @Test func repeatedKeysKeepFirstPlaceAndLastValue() {
        let object = JSONObject([("a", .int(1)), ("b", .int(2)), ("a", .int(3))])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .int(3))
    }

    @Test func largeObjectsAreIndexedAndStayConsistent() {
        var object = JSONObject()
        for index in 0..<1_000 { object["k\(index)"] = .int(index) }
        #expect(object.count == 1_000)
        #expect(object["k999"] == .int(999))
        object["k500"] = .string("replaced")
        #expect(object.keys[500] == "k500" && object["k500"] == .string("replaced"))
        #expect(object.removeValue(forKey: "k0") == .int(0))
        #expect(object["k0"] == nil && object.count == 999 && object["k1"] == .int(1) && object.keys.first == "k1")
        #expect(object.sortedByKey()["k999"] == .int(999))
    }

    @Test func sortedObjectUsesByteOrder() {
        let value = JSONValue.sortedObject([
            "maximum": .int(1), "maxLength": .int(2), "x-order": .int(0), "x-cog-accept": .string("a"), "$ref": .string("r"),
            "Zed": .null, "allOf": .array([]), "é": .null,
        ])
        #expect(value.keys == ["$ref", "Zed", "allOf", "maxLength", "maximum", "x-cog-accept", "x-order", "é"])
    }

    @Test func sortingAllKeysRecurses() {
        let value: JSONValue = .object([("b", .array([.object([("y", .null), ("x", .null)])])), ("a", .object([("d", .null), ("c", .null)]))])
        #expect(value.sortingAllKeys().compactText == #"{"a":{"c":null,"d":null},"b":[{"x":null,"y":null}]}"#)
    }

    @Test func settingReplacesInPlaceOrAppends() {
        let value: JSONValue = .object([("a", .int(1)), ("b", .int(2))])
        #expect(value.setting("a", to: .int(9)).compactText == #"{"a":9,"b":2}"#)
        #expect(value.setting("c", to: .int(3)).compactText == #"{"a":1,"b":2,"c":3}"#)
    }

    @Test func convertsJSONValueWithSortedKeys() {
        let value = JSONValue.object(["b": .array([.int(1), .double(2.5), .bool(true), .null]), "a": .string("s")]).sortingAllKeys()
        #expect(value.compactText == #"{"a":"s","b":[1,2.5,true,null]}"#)
    }

    @Test func indentedTextIsMarshalIndent() {
        let value: JSONValue = .object([
            ("a", .object([])), ("b", .array([])), ("c", .array([.int(1), .object([("d", .string("e"))])])), ("f", .bool(false)),
        ])
        #expect(value.indentedText() == """
            {
              "a": {},
              "b": [],
              "c": [
                1,
                {
                  "d": "e"
                }
              ],
              "f": false
            }
            """)
        #expect(JSONValue.object([]).indentedText() == "{}")
        #expect(JSONValue.string("x").indentedText() == #""x""#)
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" backslash \\", #""quote \" backslash \\""#),
        ("<b>&amp;</b>", #""\u003cb\u003e\u0026amp;\u003c/b\u003e""#),
        ("line\nfeed\ttab\rcr", #""line\nfeed\ttab\rcr""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{01}\u{1F}\u{7F}", #""\u0001\u001f\#u{7F}""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("é ✓ 🚀", #""é ✓ 🚀""#),
        ("/", #""/""#),
    ])
    func stringEscaping(_ text: String, _ expected: String) {
        #expect(JSONValue.string(text).compactText == expected)
    }

    @Test(arguments: [
        (1.0, "1"), (-2.0, "-2"), (0.5, "0.5"), (0.7, "0.7"), (1e-4, "0.0001"), (0.000001, "0.000001"),
        (1e-7, "1e-7"), (1.5e-9, "1.5e-9"), (2.5e-10, "2.5e-10"), (1e20, "100000000000000000000"), (1e21, "1e+21"),
        (123456789.125, "123456789.125"), (0x1p53, "9007199254740992"), (1.2345678901234568e20, "123456789012345680000"),
        (-0.0, "-0"),
    ])
    func goNumbers(_ number: Double, _ expected: String) {
        #expect(JSONValue.double(number).compactText == expected)
    }

    @Test func integersArePlain() {
        #expect(JSONValue.int(Int.max).compactText == "9223372036854775807")
        #expect(JSONValue.int(-3).compactText == "-3")
    }
}
