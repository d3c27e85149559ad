// Output JSON must print like Cog's Go CLI.
import CogCore
import Testing

@Suite struct GoJSONFormatterTests {
    @Test func numbers() {
        #expect(GoJSONFormatter.format(.double(20.0)) == "20")
        #expect(GoJSONFormatter.format(.double(-2.5)) == "-2.5")
        #expect(GoJSONFormatter.format(.double(7.0014e-05)) == "0.000070014")
        #expect(GoJSONFormatter.format(.double(1e21)) == "1e+21")
        #expect(GoJSONFormatter.format(.double(1e-7)) == "1e-7")
        #expect(GoJSONFormatter.format(.double(123456789012345678901.0)) == "123456789012345680000")
        #expect(GoJSONFormatter.format(.double(0.1)) == "0.1")
        #expect(GoJSONFormatter.format(.int(-6)) == "-6")
    }

    @Test func containersAreIndentedWithSortedKeys() {
        let value = JSONValue.object(["b": .array([.int(1), .string("two")]), "a": .object([:]), "c": .array([])])
        #expect(GoJSONFormatter.format(value) == """
        {
          "a": {},
          "b": [
            1,
            "two"
          ],
          "c": []
        }
        """)
    }

    @Test func stringsUseGoEscapes() {
        #expect(GoJSONFormatter.format(.string("<a & b>\n\"q\"")) == "\"\\u003ca \\u0026 b\\u003e\\n\\\"q\\\"\"")
    }

    @Test func resultDocumentKeepsFieldOrder() {
        let document = GoJSONFormatter.formatObject(orderedFields: [("status", .string("succeeded")), ("output", .bool(false)), ("error", .string(""))])
        #expect(document == "{\n  \"status\": \"succeeded\",\n  \"output\": false,\n  \"error\": \"\"\n}")
    }
}
