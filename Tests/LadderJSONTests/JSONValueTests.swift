import Foundation
import Testing

@testable import LadderJSON

@Suite struct JSONValueTests {
    @Test func parsesEveryKind() throws {
        let value = try JSONValue.parse(#" {"a": [1, -2.5e3, true, false, null, "x\u00e9\n\ud83d\ude00"], "b": {}} "#)
        #expect(value == ["a": [1, -2500.0, true, false, nil, "xé\n😀"], "b": [:]])
    }

    @Test func numbersKeepLiteralsAndCompareByValue() throws {
        let big = try JSONValue.parse("12345678901234567890")
        guard case .number(let number) = big else {
            Issue.record("not a number")
            return
        }
        #expect(number.literal == "12345678901234567890")
        #expect(number.isInteger)
        #expect(number.int64Value == nil)
        #expect(try JSONValue.parse("12345678901234567890") != JSONValue.parse("12345678901234567891"))
        #expect(try JSONValue.parse("1") == JSONValue.parse("1.0"))
        #expect(try JSONValue.parse("1") == JSONValue.parse("1e0"))
        #expect(try JSONValue.parse("100") == JSONValue.parse("1E+2"))
        #expect(try JSONValue.parse("0.5") == JSONValue.parse("5e-1"))
        #expect(try JSONValue.parse("-0") == JSONValue.parse("0.0"))
        #expect(try JSONValue.parse("0.1") != JSONValue.parse("0.10000000000000001"))
        #expect(JSONNumber(literal: "2.0")?.int64Value == 2)
        #expect(JSONNumber(literal: "2.5")?.int64Value == nil)
        #expect(JSONNumber(literal: "-3e2")?.int64Value == -300)
        #expect(JSONNumber(literal: "01") == nil)
        #expect(JSONNumber(literal: "1.") == nil)
        #expect(JSONNumber(.nan) == nil)
        #expect(JSONNumber(0.25)?.literal == "0.25")
    }

    @Test(arguments: [
        ("", "invalid JSON at byte 0: the input is empty"),
        ("  ", "invalid JSON at byte 2: the input is only whitespace"),
        ("[1,]", "invalid JSON at byte 3: unexpected ']', expected a value"),
        ("{\"a\" 1}", "invalid JSON at byte 5: unexpected '1', expected ':' after the key"),
        ("{\"a\":1 \"b\":2}", "invalid JSON at byte 7: unexpected '\"', expected ',' or '}' after an object member"),
        ("[1 2]", "invalid JSON at byte 3: unexpected '2', expected ',' or ']' after an array element"),
        ("\"abc", "invalid JSON at byte 0: unterminated string"),
        ("\"a\tb\"", "invalid JSON at byte 2: control character \\x09 inside a string (escape it)"),
        ("\"\\x\"", "invalid JSON at byte 1: invalid escape \\x"),
        ("\"\\ud800\"", "invalid JSON at byte 1: lone surrogate \\ud800 (needs a low surrogate after it)"),
        ("\"\\u12\"", "invalid JSON at byte 1: \\u must be followed by four hex digits"),
        ("01", "invalid JSON at byte 1: a number must not start with 0 followed by more digits"),
        ("1.", "invalid JSON at byte 2: unexpected end of input, expected a digit after the decimal point"),
        ("-", "invalid JSON at byte 1: unexpected end of input, expected a digit"),
        ("tru", "invalid JSON at byte 0: unexpected 't', expected a value"),
        ("NaN", "invalid JSON at byte 0: unexpected 'N', expected a value"),
        ("{} {}", "invalid JSON at byte 3: unexpected '{' after the end of the JSON value"),
        ("[\n1,\n}", "invalid JSON at line 3, column 1 (byte 5): unexpected '}', expected a value"),
        ("{'a':1}", "invalid JSON at byte 1: unexpected ''', expected a key in quotes"),
    ])
    func parseErrors(text: String, message: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        do {
            _ = try JSONValue.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func invalidUTF8InsideAString() {
        #expect(throws: JSONParseError(offset: 3, line: 1, column: 4, reason: "a string is not valid UTF-8")) {
            try JSONValue.parse(Data([0x22, 0x61, 0x62, 0xC3, 0x28, 0x22]))
        }
    }

    @Test func deepNestingIsRejectedNotCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let allowed =
            String(repeating: "[", count: JSONValue.maximumDepth)
            + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect((try? JSONValue.parse(allowed)) != nil)
    }

    @Test func serializationIsCompactSortedAndBounded() {
        let value: JSONValue = ["b": [1, "x\"y"], "a": nil, "c": ["\u{01}": true]]
        #expect(value.serialized() == #"{"a":null,"b":[1,"x\"y"],"c":{"\u0001":true}}"#)
        #expect(value.serialized(maxLength: 10) == #"{"a":null,…"#)
        let huge = JSONValue.array(Array(repeating: "item", count: 100_000))
        #expect(huge.serialized(maxLength: 20).count == 21)
    }

    @Test func codableRoundTrip() throws {
        let value: JSONValue = ["id": 7, "ratio": 0.5, "tags": ["a"], "ok": true, "none": nil]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONValue.parse(data) == value)
    }

    @Test func textForm() {
        #expect(JSONValue.string("abc").textForm == "abc")
        #expect(JSONValue.number(JSONNumber(42)).textForm == "42")
        #expect(JSONValue.object(["a": 1]).textForm == #"{"a":1}"#)
    }
}

@Suite struct JSONPointerTests {
    let document: JSONValue = ["user": ["id": 7, "roles": ["admin", "dev"]], "a/b": 1, "m~n": 2, "": 3, " ": 4]

    @Test(arguments: [
        ("", nil as JSONValue?),
        ("/user/id", 7),
        ("/user/roles/1", "dev"),
        ("/a~1b", 1),
        ("/m~0n", 2),
        ("/", 3),
        ("/ ", 4),
    ])
    func lookups(pointer: String, expected: JSONValue?) throws {
        let found = try document.value(at: pointer)
        #expect(found == (expected ?? document))
    }

    @Test(arguments: [
        ("user", #"JSON Pointer "user": a JSON Pointer must be empty or start with '/'"#),
        ("/a~2", #"JSON Pointer "/a~2": '~2' is not an escape; write '~0' for '~' and '~1' for '/'"#),
        ("/a~", #"JSON Pointer "/a~": a token ends with a lone '~'; write '~0' for '~'"#),
        ("/user/name", #"JSON Pointer "/user/name": no key `name` at /user"#),
        ("/nope/x", #"JSON Pointer "/nope/x": no key `nope` at the top level"#),
        (
            "/user/roles/2",
            #"JSON Pointer "/user/roles/2": index 2 is out of range at /user/roles, which has 2 elements"#
        ),
        (
            "/user/roles/01",
            #"JSON Pointer "/user/roles/01": `01` is not an array index at /user/roles (use 0, 1, 2, …)"#
        ),
        ("/user/roles/-", #"JSON Pointer "/user/roles/-": `-` is not an array index at /user/roles (use 0, 1, 2, …)"#),
        ("/user/id/x", #"JSON Pointer "/user/id/x": cannot look up `x` in an integer at /user/id"#),
    ])
    func failures(pointer: String, message: String) {
        do {
            _ = try document.value(at: pointer)
            Issue.record("expected \(pointer) to fail")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func roundTripsTextForm() throws {
        let pointer = JSONPointer(tokens: ["a/b", "m~n", "0"])
        #expect(pointer.description == "/a~1b/m~0n/0")
        #expect(try JSONPointer(pointer.description) == pointer)
        #expect(JSONPointer.root.location == "the top level")
    }
}
