// JSON in Go's styles must print like Cog's Go CLI (encoding/json).
import CogCore
import Testing

@Suite struct JSONGoStyleTests {
    @Test func numbers() {
        #expect(JSONValue.double(20.0).text(.goIndentedSorted) == "20")
        #expect(JSONValue.double(-2.5).text(.goIndentedSorted) == "-2.5")
        #expect(JSONValue.double(7.0014e-05).text(.goIndentedSorted) == "0.000070014")
        #expect(JSONValue.double(1e21).text(.goIndentedSorted) == "1e+21")
        #expect(JSONValue.double(1e-7).text(.goIndentedSorted) == "1e-7")
        #expect(JSONValue.double(123456789012345678901.0).text(.goIndentedSorted) == "123456789012345680000")
        #expect(JSONValue.double(0.1).text(.goIndentedSorted) == "0.1")
        #expect(JSONValue.int(-6).text(.goIndentedSorted) == "-6")
    }

    @Test func containersAreIndentedWithSortedKeys() {
        let value = JSONValue.object(["b": .array([.int(1), .string("two")]), "a": .object([:]), "c": .array([])])
        #expect(value.text(.goIndentedSorted) == """
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
        #expect(JSONValue.string("<a & b>\n\"q\"").text(.goIndentedSorted) == "\"\\u003ca \\u0026 b\\u003e\\n\\\"q\\\"\"")
    }

    @Test func resultDocumentKeepsFieldOrder() {
        let document = JSONValue.object([("status", .string("succeeded")), ("output", .bool(false)), ("error", .string(""))]).text(.goIndented)
        #expect(document == "{\n  \"status\": \"succeeded\",\n  \"output\": false,\n  \"error\": \"\"\n}")
    }
}
