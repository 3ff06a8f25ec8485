import Foundation
import LadderTestSupport
import Testing

@testable import LadderGrading

/// The translation of GitHub Classroom's regular expressions, checked against Node.js itself: every pattern here is
/// given to `new RegExp` in node, and every text to its `test` after GitHub's `\r\n` → `\n` and `trim()`. Ladder must
/// match where node matches, reject what node rejects (with node's reason), and refuse only what node accepts.
@Suite(.requires(.node)) struct JavaScriptRegexTests {
    /// Patterns JavaScript accepts, each with texts to match (raw outputs, trimmed as GitHub trims them).
    static let matching: [(String, [String])] = [
        // ^ and $ are the ends of the trimmed output; $ is not before a final newline.
        ("^Hello$", ["\n  Hello  \n\n", "Hello\nWorld", "Hello", "hello", "Hello\r\n"]),
        ("Hello$", ["Hello\n", "say Hello", "Hello world"]),
        ("^Line 1\nLine 2$", ["Line 1\r\nLine 2\r\n", "Line 1\nLine 2", "Line 1\n\nLine 2"]),
        ("^$", ["", "  \n ", "x"]),
        ("^\\d+$", ["123", "12a", " 42 \n", "١٢"]),
        ("^\\w+$", ["café", "cafe", "snake_case9"]),
        ("^a\\sb$", ["a\u{85}b", "a\u{FEFF}b", "a\u{A0}b", "a\tb", "a\u{2003}b", "a\u{180E}b"]),
        ("^\\S+$", ["a\u{85}b", "ab", "a b"]),
        // . is not a line terminator; [^] is anything, [] nothing.
        ("a.b", ["a\nb", "a\rb", "a\u{2028}b", "axb", "a\u{85}b"]),
        ("^.$", ["é", "e\u{301}", "x"]),
        ("a[^]b", ["a\nb", "ab"]),
        ("a[]b", ["ab", "a b"]),
        ("[]", ["", "x"]),
        ("[^]*", ["", "x"]),
        ("[^]", ["", "x"]),
        // Escapes without the u flag.
        ("\\u0041", ["A", "a"]),
        ("^\\u{3}$", ["uuu", "\u{3}", "uu"]),
        ("\\x41\\x4", ["Ax4", "A\u{4}"]),
        ("a\\/b", ["a/b"]),
        ("\\k", ["k"]),
        ("\\8\\9", ["89"]),
        ("\\1", ["\u{1}", "1"]),
        ("(a)\\2", ["a\u{2}", "a2"]),
        ("a\\0b", ["a\u{0}b"]),
        ("a\\012b", ["a\nb"]),
        ("a\\cJb", ["a\nb"]),
        ("\\c1", ["\\c1"]),
        ("[\\c1]", ["\u{11}", "c"]),
        ("[\\b]", ["\u{8}", "b"]),
        ("\\p{L}", ["p{L}", "é"]),
        ("\\a\\e\\Q\\E\\A\\Z\\z", ["aeQEAZz"]),
        ("\\h\\R\\X\\K\\G\\N\\o\\g", ["hRXKGNog"]),
        ("a\\-b\\#c\\ d", ["a-b#c d"]),
        ("\\uD83D\\uDE00", ["😀", "x"]),
        ("😀", ["😀"]),
        // Braces that make no count are themselves.
        ("a{,5}", ["a{,5}", "aaaaa"]),
        ("^{$", ["{"]),
        ("^}$", ["}"]),
        ("^]$", ["]"]),
        ("^a{2}$", ["aa", "a", "aaa"]),
        ("^a{1,3}?b$", ["ab", "aaab", "aaaab"]),
        ("^x*?y$", ["xxy", "y"]),
        // Classes.
        ("^[\\d-z]+$", ["-5z", "a"]),
        ("^[a-]$", ["-", "a", "b"]),
        ("^[-a]$", ["-"]),
        ("^[.]$", [".", "x"]),
        ("^[^\\s]+$", ["abc", "a c"]),
        ("[[:alpha:]]", ["a]", "b", ":]"]),
        ("^[a&&b]$", ["&", "a"]),
        ("^[~~]$", ["~"]),
        ("^[\\w-]+$", ["a-b_1", "a b"]),
        // Groups, backreferences, lookahead.
        ("(?<year>\\d{4})-\\k<year>", ["2024-2024", "2024-2025"]),
        ("(?<$x>a)\\k<$x>", ["aa", "ab"]),
        ("(a)\\1", ["aa", "ab"]),
        ("(?:(a)b)+\\1", ["ababa", "abab"]),
        ("x(?=y)", ["xy", "xz"]),
        ("x(?!y)", ["xy", "xz"]),
        ("^(?:a|b)+c$", ["abac", "abc", "c"]),
        ("a|b|", ["", "zzz"]),
        ("^()$", [""]),
        // Lookbehind at the start.
        ("(?<=\\$)\\d+", ["cost $42", "cost 42"]),
        ("(?<!-)\\d+", ["-5", "5", "a-5", "-55"]),
        ("(?<=^ab)c", ["abc", "xabc"]),
        // \b with JavaScript's ASCII word characters.
        ("\\bcat\\b", ["cat", "concat", "cat!", "the cat sat", "cats", "écat", "cat_", "3cat"]),
        ("\\Bcat", ["concat", "cat"]),
        ("cat\\B", ["cats", "cat"]),
        ("^\\bfoo", ["foo", " foo"]),
        ("3\\b\\.\\b14", ["3.14", "3x14"]),
        ("can\\b't", ["can't"]),
        ("\\b\\d+\\b", ["a 42 b", "a42", "x"]),
        ("(?<!x)\\bab", ["ab", "x ab", "xab", "yab"]),
        ("\\b", ["", " ", "a"]),
        // Autograding's own examples.
        ("^v[0-9]+\\.[0-9]+$", ["v1.2", "v1.2.3", "version v1.2"]),
        ("Hello,\\sWorld!", ["Hello, World!", "Hello,World!"]),
        ("^Total: \\d+ points?$", ["Total: 1 point", "Total: 12 points", "Total: points"]),
    ]

    /// Patterns JavaScript rejects; Ladder must reject them with node's reason.
    static let rejected = [
        "(?i)hello", "(?i:hello)", "(?#comment)", "(?>atomic)", "(?P<name>x)", "a{2,1}", "a**", "*a", "+a", "?a",
        "x{2}{3}", "{2}", "(abc", "abc)", "[abc", "[z-a]", "[a--b]", "\\", "(?<1a>x)", "(?<a>x)(?<a>y)",
        "(?<a>x)\\k<b>", "(?<a>x)\\k", "^*", "$+", "\\b+", "(?<=a)+b", "(?<a>x)[\\k]", "a|*",
    ]

    /// Patterns JavaScript accepts that Ladder cannot match the same way, and refuses.
    static let unsupported = [
        "(a)|b\\1", "\\1(a)", "(a)?\\1", "(a\\1)", "(?:(a)|b)\\1", "\\k<a>(?<a>x)", "(?=(a))\\1", "a(?<=a)b",
        "x|(?<=a)b", "(?<!ab)c", "(?<=(a))b", "a?\\b", ".\\b", "(?:a|-)\\b", "(?=a)*a", "😀+", "[😀]", "\\uD83D",
        "[\\uD83D\\uDE00]", "a{70000}", "(?<n\\u0041>x)",
    ]

    /// What node says of each pattern: its SyntaxError's message, or whether it matches each text.
    struct NodeVerdict: Decodable {
        var error: String?
        var results: [Bool]?
    }

    static func node(_ cases: [(String, [String])]) throws -> [NodeVerdict] {
        let script = """
            const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
            process.stdout.write(JSON.stringify(cases.map(([pattern, texts]) => {
              let regex;
              try { regex = new RegExp(pattern); } catch (e) { return {error: e.message}; }
              return {results: texts.map(text => regex.test(text.replace(/\\r\\n/g, '\\n').trim()))};
            })));
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/node")
        process.arguments = ["-e", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let payload = try JSONSerialization.data(withJSONObject: cases.map { [$0.0, $0.1] as [Any] })
        input.fileHandleForWriting.write(payload)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "node failed")
        return try JSONDecoder().decode([NodeVerdict].self, from: data)
    }

    @Test func matchesWhereNodeMatches() throws {
        let verdicts = try Self.node(Self.matching)
        for ((pattern, texts), verdict) in zip(Self.matching, verdicts) {
            let results = try #require(verdict.results, "node rejects /\(pattern)/: \(verdict.error ?? "")")
            for (text, expected) in zip(texts, results) {
                let expectation = AutogradingExpectation(comparison: .regex, expected: pattern)
                let outcome = try expectation.compare(Data(text.utf8))
                #expect(
                    outcome.isMatch == expected,
                    "/\(pattern)/ on \(text.debugDescription): node says \(expected), Ladder \(outcome)")
            }
        }
    }

    @Test func rejectsWhatNodeRejectsWithNodesReason() throws {
        let verdicts = try Self.node(Self.rejected.map { ($0, []) })
        for (pattern, verdict) in zip(Self.rejected, verdicts) {
            let message = try #require(verdict.error, "node accepts /\(pattern)/")
            // "Invalid regular expression: /(?i)hello/: Invalid group": the reason is after the pattern.
            let reason = message.components(separatedBy: "/: ").last ?? message
            do {
                _ = try JavaScriptRegex(pattern)
                Issue.record("/\(pattern)/ is accepted; node says \(message)")
            } catch .syntaxError(let ours) {
                #expect(ours.hasPrefix(reason), "/\(pattern)/: node says \"\(reason)\", Ladder \"\(ours)\"")
            } catch {
                Issue.record("/\(pattern)/: node says \(message), Ladder \(error)")
            }
        }
    }

    @Test func refusesOnlyWhatNodeAccepts() throws {
        let verdicts = try Self.node(Self.unsupported.map { ($0, []) })
        for (pattern, verdict) in zip(Self.unsupported, verdicts) {
            #expect(verdict.error == nil, "node rejects /\(pattern)/: \(verdict.error ?? ""); list it as rejected")
            do {
                _ = try JavaScriptRegex(pattern)
                Issue.record("/\(pattern)/ is translated, but cannot match as JavaScript does")
            } catch .unsupported(let message) {
                #expect(!message.isEmpty)
            } catch {
                Issue.record("/\(pattern)/: expected to be refused as unsupported, got \(error)")
            }
        }
    }

    /// Hundreds of patterns made from the common constructs, each on texts made from characters they tell apart,
    /// against node. The translation is matched in this process, as the regex matcher's JavaScript mode matches it
    /// (the table above goes through the matcher itself).
    @Test func generatedPatternsMatchWhereNodeMatches() throws {
        var random = SplitMix(seed: 20_260_512)
        let atoms = [
            "a", "b", "1", " ", ".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "[ab]", "[^a]", "[a-c]", "[\\d_]", "é",
            "\\.", "-", "_", "[^]", "\\1",
        ]
        let quantifiers = ["*", "+", "?", "{1,2}", "*?", "+?", "??", "{2}", "{0,}"]
        func alternation(_ depth: Int) -> String {
            var text = sequence(depth)
            if random.next(5) == 0 { text += "|" + sequence(depth) }
            return text
        }
        func sequence(_ depth: Int) -> String {
            (0...random.next(3)).map { _ in term(depth) }.joined()
        }
        func term(_ depth: Int) -> String {
            let quantifier = random.next(3) == 0 ? quantifiers[random.next(quantifiers.count)] : ""
            switch depth > 1 ? 4 + random.next(2) : random.next(10) {
            case 0: return ["^", "$", "\\b", "\\B"][random.next(4)]
            case 1: return "(" + alternation(depth + 1) + ")" + quantifier
            case 2: return "(?:" + alternation(depth + 1) + ")" + quantifier
            case 3: return (random.next(2) == 0 ? "(?=" : "(?!") + alternation(depth + 1) + ")"
            default: return atoms[random.next(atoms.count)] + quantifier
            }
        }
        let letters = ["a", "b", "1", " ", "\n", "_", "é", "-", ".", "c"]
        let cases = (0..<400).map { _ in
            (
                alternation(0),
                (0..<6).map { _ in (0..<random.next(7)).map { _ in letters[random.next(letters.count)] }.joined() }
            )
        }
        let verdicts = try Self.node(cases)
        var compared = 0
        var refused = 0
        for ((pattern, texts), verdict) in zip(cases, verdicts) {
            let regex: JavaScriptRegex
            do {
                regex = try JavaScriptRegex(pattern)
            } catch .syntaxError(let message) {
                #expect(verdict.error != nil, "/\(pattern)/: node accepts it, Ladder says \(message)")
                continue
            } catch {
                #expect(verdict.error == nil, "/\(pattern)/: node rejects it (\(verdict.error ?? "")), Ladder \(error)")
                refused += 1
                continue
            }
            let results = try #require(verdict.results, "/\(pattern)/: node rejects it: \(verdict.error ?? "")")
            let swift = try Regex(regex.searchPattern).dotMatchesNewlines().matchingSemantics(.unicodeScalar)
            for (text, expected) in zip(texts, results) {
                let trimmed = JavaScriptText.trim(text)
                let matched = try swift.wholeMatch(in: trimmed) != nil
                #expect(matched == expected, "/\(pattern)/ on \(trimmed.debugDescription): node says \(expected)")
                compared += 1
            }
        }
        // Refusals are for constructs Ladder cannot match the same way; they must stay the exception.
        #expect(compared >= 1800, "only \(compared) comparisons, \(refused) patterns refused")
    }

    @Test func namesTheConstructItRefuses() {
        #expect(throws: JavaScriptRegexProblem.self) { try JavaScriptRegex("(?i)x") }
        do {
            _ = try JavaScriptRegex("ab(?<=b)c")
            Issue.record("a lookbehind in the middle is refused")
        } catch {
            #expect(error.description.contains("\"(?<=b)\""), "\(error)")
            #expect(error.description.contains("no lookbehind"), "\(error)")
        }
        do {
            _ = try JavaScriptRegex("(a)?x\\1")
            Issue.record("a backreference to an optional group is refused")
        } catch {
            #expect(error.description.contains("\"\\1\" refers to group 1"), "\(error)")
        }
    }

    @Test func refusesPatternsThatBacktrackExponentially() {
        for pattern in ["(a+)+$", "^(\\w+\\s?)*$", "(a|a)*b"] {
            do {
                _ = try JavaScriptRegex(pattern)
                Issue.record("/\(pattern)/ is accepted")
            } catch .catastrophic(let reason) {
                #expect(reason.contains("exponential"), "/\(pattern)/: \(reason)")
            } catch {
                Issue.record("/\(pattern)/ is refused as catastrophic, not \(error)")
            }
        }
    }
}

/// A small seeded generator (SplitMix64), so that the generated patterns are the same on every run.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Int(value % UInt64(bound))
    }
}
