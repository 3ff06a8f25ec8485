import Foundation
import LadderText
import LadderUnits

/// What a GitHub Classroom test expects on standard output, compared exactly as GitHub's runner compares it.
///
/// Both texts are trimmed as JavaScript's `trim()` trims (after `\r\n` → `\n`, for the runners that do that), then
/// `exact` wants them equal code point for code point, `included` wants the expected text inside the output, and
/// `regex` wants the pattern, read as JavaScript reads it (``JavaScriptRegex``), to match somewhere in the output.
/// A mismatch message shows the expected text or pattern as its author wrote it and the output as it was compared.
public struct AutogradingExpectation: Sendable, Equatable {
    public var comparison: AutogradingComparison
    /// The expected text as written; for `regex`, the JavaScript pattern, which is used untrimmed.
    public var expected: String
    /// Whether `\r\n` becomes `\n` before trimming: `education/autograding` (autograding.json) does this, the
    /// workflow's io grader only trims.
    public var normalizesLineEndings: Bool

    public init(comparison: AutogradingComparison, expected: String, normalizesLineEndings: Bool = true) {
        self.comparison = comparison
        self.expected = expected
        self.normalizesLineEndings = normalizesLineEndings
    }

    /// The text as the runner compares it: `\r\n` → `\n` (where the runner does that), then `trim()`.
    public func normalize(_ text: String) -> String {
        JavaScriptText.trim(normalizesLineEndings ? text.replacingOccurrences(of: "\r\n", with: "\n") : text)
    }

    /// Compares a run's standard output (invalid UTF-8 is read as U+FFFD, as Node.js reads it).
    ///
    /// - Throws: ``ComparisonUnavailable`` when the regex matcher cannot run on this machine.
    public func compare(_ output: Data, regexTimeLimit: Duration = .seconds(10)) throws(ComparisonUnavailable)
        -> ComparisonOutcome
    {
        let actual = normalize(String(decoding: output, as: UTF8.self))
        let got = "got \"\(TextPreview.render(actual))\""
        switch comparison {
        case .exact:
            let wanted = normalize(expected)
            // Code point by code point, as JavaScript's `!=` compares: Swift's `==` would equate é with e + U+0301.
            if actual.unicodeScalars.elementsEqual(wanted.unicodeScalars) { return .matched }
            if actual.isEmpty { return .mismatched("output is empty; expected \"\(TextPreview.render(wanted))\"") }
            return .mismatched(
                "output (trimmed) is not the expected text: expected \"\(TextPreview.render(wanted))\", \(got)"
                    + Self.firstDifference(wanted, actual))
        case .included:
            let wanted = normalize(expected)
            if Array(actual.utf8).withUnsafeBytes({ OutputComparer.occurs(Array(wanted.utf8), in: $0) }) {
                return .matched
            }
            if actual.isEmpty {
                return .mismatched("output is empty; expected it to contain \"\(TextPreview.render(wanted))\"")
            }
            return .mismatched("output (trimmed) does not contain \"\(TextPreview.render(wanted))\": \(got)")
        case .regex:
            let shown = "/\(TextPreview.render(expected))/"
            let regex: JavaScriptRegex
            do {
                regex = try JavaScriptRegex(expected)
            } catch .syntaxError(let message) {
                return .mismatched(
                    "the expected pattern \(shown) is not a valid JavaScript regular expression (\(message)); "
                        + "GitHub's runner fails this test on every run, and so does Ladder: correct the pattern")
            } catch {
                return .graderError("the expected pattern \(shown) cannot be matched: \(error)")
            }
            let outcome = Array(actual.utf8).withUnsafeBytes { text in
                Result { () throws(ComparisonUnavailable) in
                    try RegexMatcher.wholeMatch(regex.searchPattern, text, timeLimit: regexTimeLimit, mode: .javaScript)
                }
            }
            guard let matched = try outcome.get() else {
                return .graderError(
                    "the regular expression \(shown) took more than \(Units.formatElapsed(regexTimeLimit)) on an "
                        + "output of \(actual.utf8.count) bytes and was stopped; rewrite it so that it does not try "
                        + "the same text many ways (nested or adjacent repetitions of the same thing)")
            }
            if matched { return .matched }
            if actual.isEmpty { return .mismatched("output is empty; expected a match of \(shown)") }
            return .mismatched("output (trimmed) does not match \(shown): \(got)")
        }
    }

    /// `; they first differ at line L, column C` for texts of more than one line, where the quoted texts may not show
    /// the difference; empty otherwise.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        guard expected.contains("\n") || actual.contains("\n") else { return "" }
        var line = 1
        var column = 1
        for (wanted, got) in zip(expected.unicodeScalars, actual.unicodeScalars) {
            if wanted != got { break }
            if wanted == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return "; they first differ at line \(line), column \(column)"
    }
}
