import Foundation
import LadderJSON
import Testing

@testable import LadderGrading

@Suite struct JSONMatchingTests {
    @Test(arguments: [
        (#"{"a":1}"#, #"{"a":1,"b":{"c":2}}"#, nil as String?),
        (#"{"a":{"b":1}}"#, #"{"a":{"b":1,"c":2}}"#, nil),
        (#"[{"id":1},{"id":2}]"#, #"[{"id":1,"n":"x"},{"id":2}]"#, nil),
        (#"{"a":[1,2]}"#, #"{"a":[1,2,3]}"#, "array length differs at /a: expected 2 elements, got 3"),
        (#"[{"id":1},{"id":2}]"#, #"[{"id":1},{"id":3}]"#, "value differs at /1/id: expected 2, got 3"),
        (#"{"a":{"b":1}}"#, #"{"a":[1]}"#, #"value differs at /a: expected {"b":1}, got [1] (an array)"#),
        (#"{"user":{"id":1}}"#, #"{"user":{}}"#, "missing key `id` at /user"),
        (#""x""#, #"{"x":1}"#, #"value differs at the top level: expected "x", got {"x":1} (an object)"#),
        (#"{"n":1.5}"#, #"{"n":1.50}"#, nil),
        (#"{"n":2}"#, #"{"n":2.5}"#, "value differs at /n: expected 2, got 2.5"),
    ])
    func subset(expected: String, actual: String, mismatch: String?) throws {
        let found = JSONValue.firstSubsetMismatch(
            expected: try JSONValue.parse(expected), actual: try JSONValue.parse(actual))
        #expect(found?.description == mismatch)
        #expect(try JSONValue.parse(expected).isSubset(of: JSONValue.parse(actual)) == (mismatch == nil))
    }

    @Test func equalityReportsExtraKeysAndPaths() throws {
        let mismatch = JSONValue.firstDifference(
            expected: try JSONValue.parse(#"{"a":{"b":1}}"#), actual: try JSONValue.parse(#"{"a":{"b":1,"z":0}}"#))
        #expect(mismatch == JSONMismatch(path: JSONPointer(tokens: ["a"]), description: "unexpected key `z` at /a"))
    }

    @Test func longValuesAreCut() throws {
        let long = String(repeating: "x", count: 1000)
        let mismatch = try #require(JSONValue.firstDifference(expected: "short", actual: .string(long)))
        #expect(mismatch.description.count < 200)
        #expect(mismatch.description.hasSuffix("…"))
    }
}

@Suite struct CaptureTemplateTests {
    let captures: [String: JSONValue] = ["id": 42, "token": "abc", "user.name": "Ann", "obj": ["k": true]]

    @Test func substitutesInText() throws {
        #expect(try CaptureTemplate.substitute("/users/{{id}}?t={{ token }}", captures: captures) == "/users/42?t=abc")
        #expect(try CaptureTemplate.substitute("{{user.name}}{{obj}}", captures: captures) == #"Ann{"k":true}"#)
        #expect(try CaptureTemplate.substitute("no placeholders } {", captures: [:]) == "no placeholders } {")
        #expect(try CaptureTemplate.placeholders(in: "{{a}}-{{ b }}") == ["a", "b"])
    }

    @Test func wholeStringPlaceholderKeepsType() throws {
        let body: JSONValue = ["id": "{{id}}", "label": "#{{id}}", "{{token}}": ["{{obj}}"]]
        #expect(
            try CaptureTemplate.substitute(body, captures: captures) == [
                "id": 42, "label": "#42", "abc": [["k": true]],
            ])
    }

    @Test(arguments: [
        ("/users/{{idd}}", #"in "/users/{{idd}}": unknown capture `idd`; captured so far: id, obj, token, user.name"#),
        ("{{id", "in \"{{id\": `{{` at character 0 is never closed with `}}`"),
        (
            "x{{user id}}",
            "in \"x{{user id}}\": `{{user id}}` is not a capture name (use letters, digits, '_', '-' or '.')"
        ),
        ("{{}}", "in \"{{}}\": `{{}}` is not a capture name (use letters, digits, '_', '-' or '.')"),
    ])
    func errors(template: String, message: String) {
        do {
            _ = try CaptureTemplate.substitute(template, captures: captures)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func unknownCaptureWhenNothingCaptured() {
        #expect(
            throws: TemplateError(template: "{{id}}", reason: "unknown capture `id`; no values have been captured yet")
        ) {
            try CaptureTemplate.substitute(JSONValue.string("{{id}}"), captures: [:])
        }
    }
}
