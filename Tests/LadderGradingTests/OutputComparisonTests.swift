import Foundation
import Testing

@testable import LadderGrading

/// One row of a comparison table: a mode, the expected text, the raw output bytes, and the exact result.
struct ComparisonCase: Sendable, CustomTestStringConvertible {
    let name: String
    let mode: OutputComparison
    let expected: String
    let actual: [UInt8]
    let result: ComparisonOutcome

    init(_ name: String, _ mode: OutputComparison, expected: String, actual: String, _ result: ComparisonOutcome) {
        self.init(name, mode, expected: expected, bytes: Array(actual.utf8), result)
    }

    init(_ name: String, _ mode: OutputComparison, expected: String, bytes: [UInt8], _ result: ComparisonOutcome) {
        self.name = name
        self.mode = mode
        self.expected = expected
        self.actual = bytes
        self.result = result
    }

    var testDescription: String { name }
}

private let abs3 = OutputComparison.numbers(tolerance: 0.001, relative: false)

let lineCases: [ComparisonCase] = [
    .init("exact match", .exact, expected: "hello\n", actual: "hello\n", .matched),
    .init("exact both empty", .exact, expected: "", actual: "", .matched),
    .init(
        "exact missing final newline", .exact, expected: "hello\n", actual: "hello",
        .mismatched("output does not end with a newline; expected a final \\n")),
    .init(
        "exact extra final newline", .exact, expected: "hello", actual: "hello\n",
        .mismatched("output ends with a newline; expected none after the last line")),
    .init(
        "exact differing line", .exact, expected: "a\nb\n", actual: "a\nc\n",
        .mismatched("line 2, column 1: expected \"b\", got \"c\"")),
    .init(
        "exact column", .exact, expected: "Hello, World!\n", actual: "Hello World!\n",
        .mismatched("line 1, column 6: expected \"Hello, World!\", got \"Hello World!\"")),
    .init(
        "exact CRLF", .exact, expected: "a\nb\n", actual: "a\r\nb\r\n",
        .mismatched("line 1, column 2: expected \"a\", got \"a\\r\" (the output ends lines with \\r\\n; expected \\n)")),
    .init(
        "exact trailing space", .exact, expected: "a\n", actual: "a  \n",
        .mismatched("line 1, column 2: expected \"a\", got \"a  \" (they differ only in trailing whitespace)")),
    .init(
        "exact more lines", .exact, expected: "a\n", actual: "a\nb\nc\nd\n",
        .mismatched("output has 3 more lines than expected; first extra line 2: \"b\"")),
    .init(
        "exact fewer lines", .exact, expected: "a\nb\nc\n", actual: "a\n",
        .mismatched("output has 2 fewer lines than expected; first missing line 2: \"b\"")),
    .init(
        "exact one fewer line", .exact, expected: "a\nb\n", actual: "a\n",
        .mismatched("output has 1 fewer line than expected; first missing line 2: \"b\"")),
    .init(
        "exact empty output", .exact, expected: "a\nb\n", actual: "",
        .mismatched("output is empty; expected 2 lines, starting with \"a\"")),
    .init(
        "exact non-UTF-8", .exact, expected: "café\n", bytes: [0x63, 0x61, 0x66, 0xE9, 0x0A],
        .mismatched(
            "line 1, column 4: expected \"café\", got \"caf\\xE9\" (the output is not valid UTF-8; invalid bytes are shown as \\xNN)"
        )),
    .init(
        "exact multibyte column", .exact, expected: "héllo wörld\n", actual: "héllo world\n",
        .mismatched("line 1, column 8: expected \"héllo wörld\", got \"héllo world\"")),
    .init(
        "exact control characters escaped", .exact, expected: "a\n", bytes: [0x1B, 0x5B, 0x30, 0x6D, 0x61, 0x0A],
        .mismatched("line 1, column 1: expected \"a\", got \"\\x1B[0ma\"")),

    .init(
        "trimmed ignores trailing whitespace and blank lines", .trimmed, expected: "a\nb\n", actual: "a  \nb\t\n\n\n",
        .matched),
    .init("trimmed ignores CRLF and missing final newline", .trimmed, expected: "a\nb", actual: "a\r\nb\r\n", .matched),
    .init("trimmed empty expected blank", .trimmed, expected: "\n\n", actual: "", .matched),
    .init(
        "trimmed inner blank line counts", .trimmed, expected: "a\n\nb\n", actual: "a\nb\n",
        .mismatched("line 2, column 1: expected \"\", got \"b\"")),
    .init(
        "trimmed leading whitespace counts", .trimmed, expected: "a\n", actual: " a\n",
        .mismatched("line 1, column 1: expected \"a\", got \" a\"")),
    .init(
        "trimmed only blank output", .trimmed, expected: "x\n", actual: "\n\n",
        .mismatched("output has 1 fewer line than expected; first missing line 1: \"x\"")),
    .init(
        "trimmed blank lines then text are kept", .trimmed, expected: "a\n", actual: "a\n\n\nb\n",
        .mismatched("output has 3 more lines than expected; first extra line 2: \"\"")),

    .init("lines CRLF", .lines, expected: "a\nb\n", actual: "a\r\nb\r\n", .matched),
    .init("lines final newline optional", .lines, expected: "a\nb\n", actual: "a\nb", .matched),
    .init("lines trailing whitespace", .lines, expected: "a\nb\n", actual: "a \nb  \n", .matched),
    .init(
        "lines trailing blank line counts", .lines, expected: "a\nb\n", actual: "a\nb\n\n",
        .mismatched("output has 1 more line than expected; first extra line 3: \"\"")),
]

let patternCases: [ComparisonCase] = [
    .init("regex whole output", .regex(#"\d+"#), expected: "", actual: "42", .matched),
    .init("regex ignores one final newline", .regex(#"\d+"#), expected: "", actual: "42\n", .matched),
    .init("regex ignores a final CRLF", .regex(#"\d+"#), expected: "", actual: "42\r\n", .matched),
    .init("regex dot matches newline", .regex("a.b"), expected: "", actual: "a\nb", .matched),
    .init(
        "regex is anchored", .regex(#"\d+"#), expected: "", actual: "x42",
        .mismatched("output does not match /\\d+/; got \"x42\"")),
    .init(
        "regex mismatch shows output", .regex(#"\d+"#), expected: "", actual: "4 2\n",
        .mismatched("output does not match /\\d+/; got \"4 2\\n\"")),
    .init(
        "regex empty output", .regex(#"\d+"#), expected: "", actual: "",
        .mismatched("output is empty; expected output matching /\\d+/")),
    .init(
        "regex non-UTF-8", .regex(".*"), expected: "", bytes: [0x61, 0xFF, 0x62],
        .mismatched(
            "output is not valid UTF-8 (first invalid byte at offset 1), so it cannot match /.*/; it starts with \"a\\xFFb\" (not valid UTF-8; invalid bytes are shown as \\xNN)"
        )),

    .init("contains one", .contains("World"), expected: "", actual: "Hello, World!", .matched),
    .init("contains all of several", .contains(["World", "Hello"]), expected: "", actual: "Hello, World!", .matched),
    .init(
        "contains missing with case hint", .contains("world"), expected: "", actual: "Hello, World!",
        .mismatched("output does not contain \"world\"; it does contain it with different letter case")),
    .init(
        "contains second missing", .contains(["Hello", "zz"]), expected: "", actual: "Hello",
        .mismatched("output does not contain \"zz\" (fragment 2 of 2)")),
    .init(
        "contains empty output", .contains("x"), expected: "", actual: "",
        .mismatched("output is empty; expected it to contain \"x\"")),
    .init("contains in binary output", .contains("ok"), expected: "", bytes: [0xFF, 0x00, 0x6F, 0x6B], .matched),
    .init("contains fragment at the very end", .contains("end"), expected: "", actual: "the end", .matched),
    .init("contains partial prefix repeated", .contains("aab"), expected: "", actual: "aaab", .matched),
]

let numberCases: [ComparisonCase] = [
    .init("numbers within tolerance", abs3, expected: "3.14159\n", actual: "3.1416", .matched),
    .init(
        "numbers out of tolerance", abs3, expected: "x\n1 2 3.14159\n", actual: "x\n1 2 3.2\n",
        .mismatched("number on line 2 token 3: expected 3.14159 ± 0.001, got 3.2")),
    .init(
        "numbers relative within", .numbers(tolerance: 0.01, relative: true), expected: "100", actual: "100.5", .matched
    ),
    .init(
        "numbers relative out", .numbers(tolerance: 0.01, relative: true), expected: "100", actual: "102",
        .mismatched("number on line 1 token 1: expected 100 ± 1%, got 102")),
    .init(
        "numbers relative zero needs zero", .numbers(tolerance: 0.5, relative: true), expected: "0", actual: "0.0001",
        .mismatched("number on line 1 token 1: expected 0 ± 50%, got 0.0001")),
    .init(
        "numbers words exact", abs3, expected: "Total: 5", actual: "total: 5",
        .mismatched("line 1 token 1: expected \"Total:\", got \"total:\"")),
    .init(
        "numbers not a number", abs3, expected: "5", actual: "five",
        .mismatched("line 1 token 1: expected a number (5 ± 0.001), got \"five\"")),
    .init("numbers exponent and sign", abs3, expected: "-1.5e3 +2", actual: "-1500 2.0004", .matched),
    .init("numbers NaN matches NaN", abs3, expected: "nan", actual: "NaN", .matched),
    .init(
        "numbers NaN expected", abs3, expected: "nan", actual: "1",
        .mismatched("number on line 1 token 1: expected nan ± 0.001, got 1")),
    .init(
        "numbers NaN got", abs3, expected: "1", actual: "nan",
        .mismatched("number on line 1 token 1: expected 1 ± 0.001, got nan")),
    .init("numbers infinity", abs3, expected: "inf -inf", actual: "Infinity -inf", .matched),
    .init(
        "numbers wrong infinity", abs3, expected: "-inf", actual: "inf",
        .mismatched("number on line 1 token 1: expected -inf ± 0.001, got inf")),
    .init("numbers ignore layout", abs3, expected: "1 2\n3", actual: "1\n2   3\r\n", .matched),
    .init(
        "numbers more tokens", abs3, expected: "1 2", actual: "1 2 3 4",
        .mismatched("output has 2 more tokens than expected; first extra on line 1 token 3: \"3\"")),
    .init(
        "numbers fewer tokens", abs3, expected: "1 2 3", actual: "1",
        .mismatched("output has 2 fewer tokens than expected; the next expected token is \"2\"")),
    .init(
        "numbers empty output", abs3, expected: "1 2", actual: "",
        .mismatched("output is empty; expected 2 tokens, starting with \"1\"")),
    .init(
        "numbers hex is a word", abs3, expected: "0x10", actual: "16",
        .mismatched("line 1 token 1: expected \"0x10\", got \"16\"")),
]

let jsonCases: [ComparisonCase] = [
    .init(
        "json equal ignores order and 1 vs 1.0", .jsonEqual, expected: #"{"a":1,"b":[1,2]}"#,
        actual: " {\"b\":[1,2.0],\"a\":1e0}\n", .matched),
    .init(
        "json missing key", .jsonEqual, expected: #"{"user":{"id":1,"name":"x"}}"#, actual: #"{"user":{"name":"x"}}"#,
        .mismatched("missing key `id` at /user")),
    .init(
        "json unexpected key", .jsonEqual, expected: #"{"a":1}"#, actual: #"{"a":1,"b":2}"#,
        .mismatched("unexpected key `b` at the top level")),
    .init("json subset allows extra key", .jsonSubset, expected: #"{"a":1}"#, actual: #"{"a":1,"b":2}"#, .matched),
    .init(
        "json type differs", .jsonSubset, expected: #"{"a":{"b":30}}"#, actual: #"{"a":{"b":"30"}}"#,
        .mismatched("value differs at /a/b: expected 30, got \"30\" (a string)")),
    .init(
        "json array length", .jsonEqual, expected: "[1,2,3]", actual: "[1,2]",
        .mismatched("array length differs at the top level: expected 3 elements, got 2")),
    .init(
        "json subset arrays element-wise", .jsonSubset, expected: #"[{"id":1}]"#, actual: #"[{"id":1,"x":2}]"#, .matched
    ),
    .init(
        "json subset array order matters", .jsonSubset, expected: "[1,2]", actual: "[2,1]",
        .mismatched("value differs at /0: expected 1, got 2")),
    .init(
        "json subset array length", .jsonSubset, expected: "[1]", actual: "[1,2]",
        .mismatched("array length differs at the top level: expected 1 element, got 2")),
    .init(
        "json invalid output", .jsonEqual, expected: "{}", actual: #"{"a":1,}"#,
        .mismatched(
            #"output is not valid JSON: invalid JSON at byte 7: unexpected '}', expected a key in quotes (near "{"a":1,}")"#
        )),
    .init("json empty output", .jsonEqual, expected: "{}", actual: "", .mismatched("output is empty; expected JSON")),
    .init(
        "json big integers keep precision", .jsonEqual, expected: #"{"id":12345678901234567890}"#,
        actual: #"{"id":12345678901234567891}"#,
        .mismatched("value differs at /id: expected 12345678901234567890, got 12345678901234567891")),
    .init(
        "json escaped pointer", .jsonEqual, expected: #"{"a/b":{"c~d":1}}"#, actual: #"{"a/b":{"c~d":2}}"#,
        .mismatched("value differs at /a~1b/c~0d: expected 1, got 2")),
    .init(
        "json null vs missing", .jsonSubset, expected: #"{"a":null}"#, actual: #"{"a":false}"#,
        .mismatched("value differs at /a: expected null, got false (a boolean)")),
    .init(
        "json non-UTF-8 string", .jsonEqual, expected: #""x""#, bytes: [0x22, 0xFF, 0x22],
        .mismatched(#"output is not valid JSON: invalid JSON at byte 1: a string is not valid UTF-8 (near ""\xFF"")"#)),
]

@Test(arguments: lineCases + patternCases + numberCases + jsonCases)
func comparison(_ row: ComparisonCase) throws {
    #expect(try compare(expected: row.expected, actual: Data(row.actual), using: row.mode) == row.result)
}

@Test(arguments: [
    (OutputComparison.regex("("), "invalid regular expression /(/ in the grader spec: "),
    (.contains([]), "a `contains` comparison needs at least one fragment to look for"),
    (.contains(["a", ""]), "a `contains` comparison has an empty fragment, which every output contains"),
    (
        .numbers(tolerance: .nan, relative: false),
        "a `numbers` comparison needs a finite tolerance of at least 0, got nan"
    ),
    (
        .numbers(tolerance: -1, relative: true),
        "a `numbers` comparison needs a finite tolerance of at least 0, got -1.0"
    ),
    (
        .jsonEqual,
        "the expected JSON in the grader spec is invalid: invalid JSON at byte 1: unexpected end of input, expected a key in quotes"
    ),
])
func graderErrors(mode: OutputComparison, messagePrefix: String) throws {
    let result = try compare(expected: "{", actual: Data("anything".utf8), using: mode)
    guard case .graderError(let message) = result else {
        Issue.record("expected a grader error, got \(result)")
        return
    }
    #expect(message.hasPrefix(messagePrefix), "\(message)")
}

@Test func catastrophicBacktrackingIsAGraderErrorNotAHang() throws {
    // 17 characters take this pattern about 2.5 s, long past the limit.
    let output = Data((String(repeating: "a", count: 17) + "c").utf8)
    let result = try compare(expected: "", actual: output, using: .regex("(a+)+b"), regexTimeLimit: .milliseconds(300))
    #expect(
        result
            == .graderError(
                "the regular expression /(a+)+b/ took more than 0.3 s on an output of 18 bytes and was stopped; nested quantifiers such as (a+)+ backtrack exponentially, so rewrite the pattern without them"
            ))
}

/// A timed-out match used to leave its thread matching until the pattern gave up, hours later for some; a
/// long-running grader piled them up. Now nothing of a stopped match is left: no thread, no process.
@Test func timedOutMatchesLeaveNothingRunning() throws {
    // Warm up whatever the first comparison starts once (the helper's lookup, the runtime's own threads).
    _ = try compare(expected: "", actual: Data("ab".utf8), using: .regex("a+b"))
    let before = ThreadCount.now()
    let output = Data((String(repeating: "a", count: 28) + "c").utf8)
    for round in 0..<6 {
        let result = try compare(
            expected: "", actual: output, using: .regex("(a+)+b"), regexTimeLimit: .milliseconds(100))
        guard case .graderError(let message) = result else {
            Issue.record("round \(round): expected a grader error, got \(result)")
            return
        }
        #expect(message.contains("took more than 0.1 s") && message.contains("was stopped"), "\(message)")
    }
    let after = ThreadCount.settled(atMost: before)
    #expect(after <= before, "threads before: \(before), after six timed-out matches: \(after)")
    #expect(ThreadCount.children().isEmpty, "matcher processes left: \(ThreadCount.children())")
}

/// The threads of this process and the processes it started, read from /proc.
enum ThreadCount {
    static func now() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).count
    }

    /// The count once it is at most `limit`, or after two seconds of waiting for threads that are ending.
    static func settled(atMost limit: Int) -> Int {
        let deadline = ContinuousClock.now + .seconds(2)
        var count = now()
        while count > limit, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            count = now()
        }
        return count
    }

    /// Living children of this process that run the regex matcher.
    static func children() -> [String] {
        let me = getpid()
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> String? in
            guard Int32(entry) != nil, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == me, stat.contains("(ladder-regex)") else { return nil }
            return entry
        }
    }
}

@Test func resultAccessors() {
    #expect(ComparisonOutcome.matched.isMatch)
    #expect(ComparisonOutcome.matched.explanation == nil)
    #expect(ComparisonOutcome.mismatched("x").explanation == "x")
    #expect(!ComparisonOutcome.graderError("y").isMatch)
}

@Test func longLineDifferenceIsShownAroundTheColumn() throws {
    let prefix = String(repeating: "abcdefghij", count: 100)
    let result = try compare(expected: prefix + "X tail", actual: Data((prefix + "Y tail").utf8), using: .exact)
    let message = result.explanation ?? ""
    #expect(message.hasPrefix("line 1, column 1001: expected \"…"))
    #expect(message.contains("X tail\", got \"…"))
    #expect(message.hasSuffix("Y tail\""))
    #expect(message.count < 200)
}

/// Ten megabytes of output must be compared in place and explained in a bounded message.
///
/// Serialized so that these CPU-heavy synchronous tests occupy at most one thread of the cooperative pool;
/// otherwise they starve the timing-sensitive HTTP tests running in parallel.
@Suite(.serialized) struct HugeOutput {
    static let size = 10 << 20
    static let lines = Data(String(repeating: "y\n", count: size / 2).utf8)

    @Test func firstLineDiffers() throws {
        _ = HugeOutput.lines
        let start = ContinuousClock.now
        let result = try compare(expected: "x\n", actual: HugeOutput.lines, using: .exact)
        #expect(result == .mismatched("line 1, column 1: expected \"x\", got \"y\""))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func countsExtraLinesWithoutKeepingThem() throws {
        _ = HugeOutput.lines
        let start = ContinuousClock.now
        let result = try compare(expected: "y\n", actual: HugeOutput.lines, using: .trimmed)
        #expect(
            result
                == .mismatched(
                    "output has \(HugeOutput.size / 2 - 1) more lines than expected; first extra line 2: \"y\""))
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func singleHugeLineIsTruncated() throws {
        let line = Data(repeating: UInt8(ascii: "z"), count: HugeOutput.size)
        for mode in [OutputComparison.exact, .lines, .numbers(tolerance: 0, relative: false), .regex("a*"), .jsonEqual]
        {
            let message = try #require(
                try compare(expected: mode == .jsonEqual ? "{}" : "a", actual: line, using: mode).explanation)
            #expect(message.count < 700, "\(mode): \(message.prefix(300))")
            #expect(
                message.contains("(+") || message.hasSuffix("…\")"),
                "\(mode) should show that it cut: \(message.prefix(300))")
        }
    }

    @Test func numbersAndContainsScanEverything() throws {
        var text = String(repeating: "1.5 ", count: HugeOutput.size / 4)
        text += "found"
        let data = Data(text.utf8)
        #expect(try compare(expected: "", actual: data, using: .contains("found")) == .matched)
        let result = try compare(expected: "1.5", actual: data, using: .numbers(tolerance: 0, relative: false))
        #expect(
            result
                == .mismatched(
                    "output has \(HugeOutput.size / 4) more tokens than expected; first extra on line 1 token 2: \"1.5\""
                ))
    }

    @Test func regexOverWholeOutput() throws {
        _ = HugeOutput.lines
        let start = ContinuousClock.now
        // Swift's Regex engine manages about 2 MB/s here (about 5 s for 10 MB), hence the raised limit.
        #expect(
            try compare(expected: "", actual: HugeOutput.lines, using: .regex("(y\\n)*y"), regexTimeLimit: .seconds(60))
                == .matched)
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}
