import Testing

@testable import LadderTOML

/// Renders a value compactly and without positions, so expectations can be written as one line.
func render(_ value: TOMLValue) -> String {
    switch value {
    case .string(let text, _): return TOMLEncoding.quoted(text)
    case .integer(let number, _): return "\(number)"
    case .float(let number, _):
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        return "\(number)"
    case .boolean(let flag, _): return "\(flag)"
    case .dateTime(let date, _): return "\(date.kind.rawValue)(\(date.text))"
    case .array(let items, _): return "[" + items.map(render).joined(separator: ",") + "]"
    case .table(let table): return render(table)
    }
}

func render(_ table: TOMLTable) -> String {
    "{" + table.entries.map { "\(TOMLEncoding.key($0.key))=\(render($0.value))" }.joined(separator: ",") + "}"
}

func parse(_ text: String) throws -> TOMLTable {
    try TOMLDocument.parse(text, file: "test.toml").root
}

struct ValidCase: CustomTestStringConvertible, Sendable {
    let name: String
    let toml: String
    let expected: String
    var testDescription: String { name }
}

let validCases: [ValidCase] = [
    .init(name: "empty", toml: "", expected: "{}"),
    .init(name: "comments and blank lines", toml: "# c\n\n  # d\r\na = 1 # trailing\n", expected: "{a=1}"),
    .init(
        name: "bare keys", toml: "key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4",
        expected: "{key=1,bare_key=2,bare-key=3,1234=4}"),
    .init(name: "quoted keys", toml: "\"a b\" = 1\n'c\"d' = 2\n\"\" = 3", expected: "{\"a b\"=1,\"c\\\"d\"=2,\"\"=3}"),
    .init(name: "dotted keys", toml: "a.b.c = 1\na.b.d = 2\n a . \"e f\" = 3", expected: "{a={b={c=1,d=2},\"e f\"=3}}"),
    .init(name: "float-looking dotted key", toml: "3.14 = 1", expected: "{3={14=1}}"),
    .init(
        name: "basic string escapes", toml: #"s = "a\tb\n\"q\" \\ \u00e9 \U0001F600 \b\f\r""#,
        expected: "{s=\"a\\tb\\n\\\"q\\\" \\\\ é 😀 \\u0008\\u000C\\r\"}"),
    .init(name: "literal string", toml: #"s = 'C:\Users\x'"#, expected: #"{s="C:\\Users\\x"}"#),
    .init(
        name: "multi-line basic trims first newline", toml: "s = \"\"\"\nline1\nline2\"\"\"",
        expected: "{s=\"line1\\nline2\"}"),
    .init(
        name: "multi-line basic line-ending backslash", toml: "s = \"\"\"\\\n   The quick \\\n\n  fox\"\"\"",
        expected: "{s=\"The quick fox\"}"),
    .init(
        name: "multi-line basic quotes at end", toml: "s = \"\"\"a \"quoted\"\"\"\"\"",
        expected: "{s=\"a \\\"quoted\\\"\\\"\"}"),
    .init(name: "multi-line literal", toml: "s = '''\nraw \\n here\n'''", expected: "{s=\"raw \\\\n here\\n\"}"),
    .init(name: "multi-line literal quotes at end", toml: "s = ''''x'''''", expected: "{s=\"'x''\"}"),
    .init(name: "CRLF in multi-line", toml: "s = \"\"\"\r\na\r\nb\"\"\"", expected: "{s=\"a\\nb\"}"),
    .init(
        name: "integers", toml: "a = +99\nb = 42\nc = 0\nd = -17\ne = 1_000\nf = -0\ng = +0",
        expected: "{a=99,b=42,c=0,d=-17,e=1000,f=0,g=0}"),
    .init(
        name: "radix integers", toml: "h = 0xDEAD_beef\no = 0o755\nb = 0b1101_0110\nz = 0x0",
        expected: "{h=3735928559,o=493,b=214,z=0}"),
    .init(
        name: "integer limits", toml: "max = 9223372036854775807\nmin = -9223372036854775808",
        expected: "{max=9223372036854775807,min=-9223372036854775808}"),
    .init(
        name: "floats",
        toml: "a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991",
        expected: "{a=1.0,b=3.1415,c=-0.01,d=5e+22,e=1000000.0,f=-0.02,g=6.626e-34,h=224617.445991}"),
    .init(
        name: "special floats", toml: "a = inf\nb = +inf\nc = -inf\nd = nan\ne = -nan",
        expected: "{a=inf,b=inf,c=-inf,d=nan,e=nan}"),
    .init(name: "booleans", toml: "t = true\nf = false", expected: "{t=true,f=false}"),
    .init(
        name: "date-times",
        toml:
            "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00.999999-07:00\nc = 1979-05-27 07:32:00\nd = 1979-05-27\ne = 07:32:00.5\nf = 2024-02-29t23:59:60z",
        expected:
            "{a=offset-date-time(1979-05-27T07:32:00Z),b=offset-date-time(1979-05-27T00:32:00.999999-07:00),c=local-date-time(1979-05-27 07:32:00),d=local-date(1979-05-27),e=local-time(07:32:00.5),f=offset-date-time(2024-02-29t23:59:60z)}"
    ),
    .init(name: "date then comment", toml: "d = 1979-05-27 # birthday", expected: "{d=local-date(1979-05-27)}"),
    .init(
        name: "arrays", toml: "a = [1, 2, 3]\nb = []\nc = [\"x\", 'y']\nd = [[1, 2], [\"a\"]]\ne = [1, \"mixed\", 2.5]",
        expected: "{a=[1,2,3],b=[],c=[\"x\",\"y\"],d=[[1,2],[\"a\"]],e=[1,\"mixed\",2.5]}"),
    .init(
        name: "multi-line array with comments and trailing comma", toml: "a = [\n  1, # one\n  2,\n  # nothing\n]\n",
        expected: "{a=[1,2]}"),
    .init(
        name: "inline tables", toml: "p = { x = 1, y.z = 2, \"w\" = { v = [] } }\ne = {}",
        expected: "{p={x=1,y={z=2},w={v=[]}},e={}}"),
    .init(
        name: "tables", toml: "[a]\nx = 1\n[b.c]\ny = 2\n[b]\nz = 3\n[ d . \"e\" ]",
        expected: "{a={x=1},b={c={y=2},z=3},d={e={}}}"),
    .init(
        name: "sub-table of dotted-key table",
        toml: "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true",
        expected: "{fruit={apple={color=\"red\",texture={smooth=true}}}}"),
    .init(
        name: "arrays of tables", toml: "[[p]]\nn = 1\n[[p]]\nn = 2\n[p.sub]\nq = 3\n[[p.list]]\nr = 4",
        expected: "{p=[{n=1},{n=2,sub={q=3},list=[{r=4}]}]}"),
    .init(name: "array of inline tables", toml: "p = [ { a = 1 }, { a = 2 } ]", expected: "{p=[{a=1},{a=2}]}"),
    .init(name: "keys in document order", toml: "z = 1\na = 2\nm = 3", expected: "{z=1,a=2,m=3}"),
    .init(
        name: "nested arrays on lines of their own", toml: "a = [\n  [1],\n  [2024-01-01, inf]\n]",
        expected: "{a=[[1],[local-date(2024-01-01),inf]]}"),
    .init(name: "byte order mark and unicode", toml: "\u{FEFF}name = \"Ünïcödé ✓\"", expected: "{name=\"Ünïcödé ✓\"}"),
    .init(name: "tab in strings and comments", toml: "a = \"x\ty\" #\tc", expected: "{a=\"x\\ty\"}"),
]

struct InvalidCase: CustomTestStringConvertible, Sendable {
    let name: String
    let toml: String
    let line: Int
    let column: Int
    let message: String
    var testDescription: String { name }
}

let invalidCases: [InvalidCase] = [
    .init(
        name: "missing equals", toml: "a = 1\nname \"x\"", line: 2, column: 6, message: "expected '=' after key 'name'"),
    .init(name: "missing value", toml: "a =\n", line: 1, column: 4, message: "expected a value"),
    .init(name: "bare word value", toml: "a = hello", line: 1, column: 5, message: "strings need quotes"),
    .init(name: "unterminated string", toml: "a = \"abc\nb = 1", line: 1, column: 9, message: "unterminated string"),
    .init(
        name: "unterminated multi-line", toml: "a = \"\"\"abc\n", line: 2, column: 1,
        message: "unterminated multi-line string (opened at line 1)"),
    .init(name: "invalid escape", toml: #"a = "x\qy""#, line: 1, column: 7, message: "invalid escape sequence \\q"),
    .init(
        name: "short unicode escape", toml: #"a = "\u12""#, line: 1, column: 6, message: "exactly 4 hexadecimal digits"),
    .init(name: "surrogate escape", toml: #"a = "\uD800""#, line: 1, column: 6, message: "not a Unicode scalar value"),
    .init(name: "control character", toml: "a = \"x\u{01}\"", line: 1, column: 7, message: "control character U+0001"),
    .init(
        name: "two values on a line", toml: "a = 1 b = 2", line: 1, column: 7, message: "expected the end of the line"),
    .init(
        name: "duplicate key", toml: "a = 1\nb = 2\na = 3", line: 3, column: 1,
        message: "duplicate key 'a' (first defined at line 1)"),
    .init(
        name: "duplicate quoted and bare key", toml: "a = 1\n\"a\" = 2", line: 2, column: 1,
        message: "duplicate key 'a'"),
    .init(
        name: "duplicate key in table", toml: "[t]\nx = 1\nx = 2", line: 3, column: 1, message: "duplicate key 't.x'"),
    .init(
        name: "table defined twice", toml: "[a]\nx = 1\n[a]\ny = 2", line: 3, column: 1,
        message: "table [a] is defined twice (first at line 1)"),
    .init(
        name: "table over a value", toml: "a = 1\n[a]", line: 2, column: 1,
        message: "'a' is already an integer (line 1)"),
    .init(
        name: "table over dotted keys", toml: "a.b = 1\n[a]", line: 2, column: 1,
        message: "already defined by dotted keys"),
    .init(
        name: "dotted keys into header table", toml: "[a.b]\nx = 1\n[a]\nb.y = 2", line: 4, column: 1,
        message: "cannot add to table [a.b] with dotted keys"),
    .init(
        name: "dotted key through a value", toml: "a = 1\na.b = 2", line: 2, column: 1,
        message: "cannot use 'a' as a table: it is already an integer"),
    .init(
        name: "extend inline table", toml: "a = { x = 1 }\n[a.b]", line: 2, column: 1, message: "'a' is already a table"
    ),
    .init(
        name: "table then array of tables", toml: "[a]\n[[a]]", line: 2, column: 1, message: "[a] is already a table"),
    .init(
        name: "array of tables then table", toml: "[[a]]\n[a]", line: 2, column: 1,
        message: "write [[a]] to add an element"),
    .init(
        name: "static array then array of tables", toml: "a = []\n[[a]]", line: 2, column: 1,
        message: "'a' is already an array"),
    .init(
        name: "unclosed header", toml: "[a\nx = 1", line: 1, column: 3,
        message: "expected ']' to close the table header"),
    .init(name: "unclosed array header", toml: "[[a]\n", line: 1, column: 5, message: "expected ']]'"),
    .init(name: "empty key", toml: "= 1", line: 1, column: 1, message: "expected a key"),
    .init(
        name: "array missing comma", toml: "a = [1 2]", line: 1, column: 8, message: "expected ',' or ']' in the array"),
    .init(
        name: "unterminated array", toml: "a = [1,\n2", line: 2, column: 2,
        message: "unterminated array (opened at line 1)"),
    .init(
        name: "multi-line array left open before a key", toml: "deps = [\n  \"a\",\n  \"b\",\n\nname = \"x\"", line: 5,
        column: 1,
        message: "the array opened on line 1 is not closed; add ']'"),
    .init(
        name: "multi-line array left open after a value", toml: "[t]\ndeps = [\n  \"a\"\n  t.name = \"x\"", line: 4,
        column: 3,
        message: "the array opened on line 2 is not closed"),
    .init(
        name: "two byte-order marks", toml: "\u{FEFF}\u{FEFF}a = 1", line: 1, column: 1,
        message: "the file starts with two byte-order marks"),
    .init(
        name: "inline table trailing comma", toml: "a = { x = 1, }", line: 1, column: 14,
        message: "trailing comma is not allowed"),
    .init(
        name: "inline table newline", toml: "a = { x = 1,\n y = 2 }", line: 1, column: 13,
        message: "inline table must be on one line"),
    .init(
        name: "inline table duplicate", toml: "a = { x = 1, x = 2 }", line: 1, column: 14, message: "duplicate key 'x'"),
    .init(name: "leading zero", toml: "a = 012", line: 1, column: 5, message: "leading zeros are not allowed"),
    .init(name: "bad underscore", toml: "a = 1__0", line: 1, column: 5, message: "invalid number '1__0'"),
    .init(name: "trailing underscore", toml: "a = 10_", line: 1, column: 5, message: "invalid number '10_'"),
    .init(name: "signed hex", toml: "a = +0x10", line: 1, column: 5, message: "invalid number '+0x10'"),
    .init(name: "bad hex digit", toml: "a = 0xG1", line: 1, column: 5, message: "expected base-16 digits"),
    .init(
        name: "integer overflow", toml: "a = 9223372036854775808", line: 1, column: 5,
        message: "does not fit in 64 bits"),
    .init(name: "float without fraction digits", toml: "a = 1.", line: 1, column: 5, message: "invalid float '1.'"),
    .init(name: "float without integer part", toml: "a = .5", line: 1, column: 5, message: "invalid float '.5'"),
    .init(name: "float bad exponent", toml: "a = 1e", line: 1, column: 5, message: "invalid float '1e'"),
    .init(
        name: "invalid date", toml: "a = 1979-13-27", line: 1, column: 5, message: "invalid date or time '1979-13-27'"),
    .init(name: "invalid day", toml: "a = 2023-02-29", line: 1, column: 5, message: "invalid date or time"),
    .init(name: "time without seconds", toml: "a = 07:32", line: 1, column: 5, message: "invalid date or time"),
    .init(name: "bad boolean", toml: "a = truthy", line: 1, column: 5, message: "booleans are true or false"),
    .init(
        name: "multi-line key", toml: "\"\"\"a\"\"\" = 1", line: 1, column: 1,
        message: "a key cannot be a multi-line string"),
    .init(
        name: "bare carriage return", toml: "a = 1\rb = 2", line: 1, column: 6, message: "expected the end of the line"),
    .init(
        name: "too many closing quotes", toml: "a = \"\"\"x\"\"\"\"\"\"", line: 1, column: 14,
        message: "too many quotes"),
    .init(
        name: "column counts characters", toml: "\"ä\" = \"é\" x", line: 1, column: 11,
        message: "expected the end of the line"),
]

@Suite("TOML parser")
struct TOMLParserTests {
    @Test("parses valid documents", arguments: validCases)
    func valid(_ testCase: ValidCase) throws {
        let table = try parse(testCase.toml)
        #expect(render(table) == testCase.expected)
    }

    @Test("rejects invalid documents with file, line, column and what was expected", arguments: invalidCases)
    func invalid(_ testCase: InvalidCase) {
        #expect {
            _ = try TOMLDocument.parse(testCase.toml, file: "bad.toml")
        } throws: { error in
            guard let error = error as? ManifestError else { return false }
            let text = error.description
            let ok =
                error.file == "bad.toml" && error.line == testCase.line && error.column == testCase.column
                && error.message.contains(testCase.message)
                && text.hasPrefix("bad.toml:\(testCase.line):\(testCase.column): ")
            if !ok { Issue.record("got: \(text)") }
            return ok
        }
    }

    @Test("remembers the line and column of keys and values")
    func positions() throws {
        let text = """
            # header comment
            title = "x"

            [limits]
              wall-time = "5s"

            [[stages]]
            id = "a"
            points = [
              1,
              2,
            ]
            inline = { k = 7 }
            """
        let root = try parse(text)
        #expect(root.line(of: "title") == 2)
        #expect(root.value("title")?.position == SourcePosition(line: 2, column: 9))
        let limits = try #require(root.value("limits")?.tableValue)
        #expect(limits.position.line == 4)
        #expect(root.line(of: "limits") == 4)
        #expect(limits.position(of: "wall-time") == SourcePosition(line: 5, column: 3))
        let stages = try #require(root.value("stages")?.arrayValue)
        #expect(stages.count == 1)
        let stage = try #require(stages[0].tableValue)
        #expect(stage.position.line == 7)
        #expect(stage.line(of: "points") == 9)
        let points = try #require(stage.value("points")?.arrayValue)
        #expect(points.map(\.line) == [10, 11])
        let inline = try #require(stage.value("inline")?.tableValue)
        #expect(inline.position == SourcePosition(line: 13, column: 10))
        #expect(inline.value("k")?.position == SourcePosition(line: 13, column: 16))
    }

    @Test("an implicit table takes the position of its own header when it gets one")
    func implicitThenExplicit() throws {
        let root = try parse("[a.b]\nx = 1\n\n[a]\ny = 2")
        let a = try #require(root.value("a")?.tableValue)
        #expect(a.position.line == 4)
        #expect(render(root) == "{a={b={x=1},y=2}}")
    }

    @Test("encodes strings and keys that parse back to the same text")
    func encodingRoundTrip() throws {
        let samples = ["plain", "with \"quotes\" and \\", "tab\tnew\nline", "\u{01}\u{7F}", "ünï ✓", ""]
        for sample in samples {
            let text = "\(TOMLEncoding.key(sample)) = \(TOMLEncoding.quoted(sample))"
            let root = try parse(text)
            #expect(root.value(sample)?.stringValue == sample)
        }
        #expect(TOMLEncoding.key("bare-key_1") == "bare-key_1")
        #expect(TOMLEncoding.key("a.b") == "\"a.b\"")
    }
}
