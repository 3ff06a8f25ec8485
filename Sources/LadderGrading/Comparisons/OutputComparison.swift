import Foundation
import LadderJSON
import LadderText
import LadderUnits

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an `io` grader compares a program's standard output with the expected text.
public enum OutputComparison: Sendable, Equatable {
    /// Byte for byte, including line endings and the final newline.
    case exact
    /// Line by line after removing trailing whitespace (spaces, tabs, `\r`) from each line; trailing blank lines
    /// and the final newline are ignored.
    case trimmed
    /// Line by line after removing trailing whitespace from each line, so `\r\n` and `\n` are the same; the final
    /// newline is optional, but blank lines count everywhere, including at the end.
    case lines
    /// The whole output matches the pattern (Swift `Regex` syntax), anchored at both ends, with `.` matching
    /// newlines; one trailing newline in the output is ignored. The expected text is not used.
    case regex(String)
    /// Every fragment occurs somewhere in the output, in any order. The expected text is not used.
    case contains([String])
    /// The outputs are compared as whitespace-separated tokens (line layout is ignored). Where the expected token
    /// is a number, the actual token must be a number within `tolerance`: an absolute difference, or with
    /// `relative`, a fraction of the expected value's magnitude (so an expected 0 needs an exact 0). Other tokens
    /// must be equal. `nan` matches only `nan`, and `inf` only the same infinity.
    case numbers(tolerance: Double, relative: Bool)
    /// Both are JSON and equal: key order is irrelevant and numbers compare by value (`1` equals `1.0`).
    case jsonEqual
    /// Both are JSON and the expected document is a subset of the output; see ``JSONValue/firstSubsetMismatch(expected:actual:)``.
    case jsonSubset

    /// The output contains `fragment`.
    public static func contains(_ fragment: String) -> OutputComparison {
        .contains([fragment])
    }
}

/// The outcome of comparing output, with an explanation a learner can act on.
///
/// (Not `ComparisonResult`: Foundation already has a type of that name.)
public enum ComparisonOutcome: Sendable, Equatable {
    case matched
    /// The output is wrong; the message says where and how, bounded in length.
    case mismatched(String)
    /// The comparison itself is broken (an invalid pattern, invalid expected JSON): the lab's fault, not the learner's.
    case graderError(String)

    /// Whether the output matched.
    public var isMatch: Bool { self == .matched }

    /// The mismatch or grader-error message, `nil` when matched.
    public var explanation: String? {
        switch self {
        case .matched: nil
        case .mismatched(let message), .graderError(let message): message
        }
    }
}

/// Compares a program's output with the expected text under `mode`, explaining the first difference.
///
/// The output may be any bytes (binary, invalid UTF-8, many megabytes); it is scanned in place, and messages
/// quote at most a line window of ``TextPreview/defaultLimit`` characters.
///
/// A regex match runs in a process of its own (``RegexMatcher``), killed after `regexTimeLimit`, since a pattern
/// with nested quantifiers can backtrack for hours on unlucky output; that is reported as a grader error (the
/// pattern is the lab's to fix), and nothing of the match is left running.
///
/// - Throws: ``ComparisonUnavailable`` when the regex matcher cannot run on this machine.
public func compare(
    expected: String, actual: Data, using mode: OutputComparison, regexTimeLimit: Duration = .seconds(10)
) throws(ComparisonUnavailable) -> ComparisonOutcome {
    if case .regex(let pattern) = mode {
        let outcome = actual.withUnsafeBytes { output in
            Result { () throws(ComparisonUnavailable) in
                try OutputComparer.matchRegex(pattern, output, timeLimit: regexTimeLimit)
            }
        }
        return try outcome.get()
    }
    var expected = expected
    return expected.withUTF8 { expectedBytes in
        actual.withUnsafeBytes { output in
            let want = UnsafeRawBufferPointer(expectedBytes)
            switch mode {
            case .exact:
                return OutputComparer.compareLines(
                    want, output, trim: false, dropTrailingBlankLines: false, exact: true)
            case .trimmed:
                return OutputComparer.compareLines(want, output, trim: true, dropTrailingBlankLines: true, exact: false)
            case .lines:
                return OutputComparer.compareLines(
                    want, output, trim: true, dropTrailingBlankLines: false, exact: false)
            case .regex:
                preconditionFailure("regex comparisons are handled above")
            case .contains(let fragments):
                return OutputComparer.contains(fragments, output)
            case .numbers(let tolerance, let relative):
                return OutputComparer.compareNumbers(want, output, tolerance: tolerance, relative: relative)
            case .jsonEqual:
                return OutputComparer.compareJSON(want, output, subset: false)
            case .jsonSubset:
                return OutputComparer.compareJSON(want, output, subset: true)
            }
        }
    }
}

/// The comparison algorithms, over raw bytes so that nothing is copied or decoded that is not shown.
enum OutputComparer {
    struct Line {
        var number: Int
        var range: Range<Int>
    }

    /// Splits on `\n`; the final newline ends the last line rather than starting an empty one.
    struct LineScanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0
        var number = 0

        mutating func next() -> Line? {
            guard position < bytes.count, let base = bytes.baseAddress else { return nil }
            let start = position
            let end: Int
            if let newline = memchr(base + start, 0x0A, bytes.count - start) {
                end = base.distance(to: UnsafeRawPointer(newline))
                position = end + 1
            } else {
                end = bytes.count
                position = end
            }
            number += 1
            return Line(number: number, range: start..<end)
        }
    }

    /// Lines as a mode sees them: optionally without trailing whitespace, optionally without trailing blank lines.
    struct ComparedLines {
        var scanner: LineScanner
        let trim: Bool
        let dropTrailingBlankLines: Bool
        private var pendingFirst = 0
        private var pendingCount = 0
        private var blanksToEmit = 0
        private var nextBlank = 0
        private var held: Line?

        init(_ bytes: UnsafeRawBufferPointer, trim: Bool, dropTrailingBlankLines: Bool) {
            scanner = LineScanner(bytes: bytes)
            self.trim = trim
            self.dropTrailingBlankLines = dropTrailingBlankLines
        }

        mutating func next() -> Line? {
            if blanksToEmit > 0 {
                blanksToEmit -= 1
                nextBlank += 1
                return Line(number: nextBlank - 1, range: 0..<0)
            }
            if let line = held {
                held = nil
                return line
            }
            while var line = scanner.next() {
                if trim { line.range = OutputComparer.trimmingTrailingWhitespace(line.range, in: scanner.bytes) }
                if dropTrailingBlankLines && line.range.isEmpty {
                    if pendingCount == 0 { pendingFirst = line.number }
                    pendingCount += 1
                    continue
                }
                if pendingCount > 0 {
                    held = line
                    blanksToEmit = pendingCount - 1
                    nextBlank = pendingFirst + 1
                    pendingCount = 0
                    return Line(number: pendingFirst, range: 0..<0)
                }
                return line
            }
            return nil
        }

        mutating func countRemaining() -> Int {
            var count = 0
            while next() != nil { count += 1 }
            return count
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    static func trimmingTrailingWhitespace(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, isSpace(bytes[end - 1]) { end -= 1 }
        return range.lowerBound..<end
    }

    static func equal(
        _ lhs: UnsafeRawBufferPointer, _ left: Range<Int>, _ rhs: UnsafeRawBufferPointer, _ right: Range<Int>
    ) -> Bool {
        guard left.count == right.count else { return false }
        guard !left.isEmpty else { return true }
        return memcmp(lhs.baseAddress! + left.lowerBound, rhs.baseAddress! + right.lowerBound, left.count) == 0
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    // MARK: exact, trimmed, lines

    static func compareLines(
        _ expected: UnsafeRawBufferPointer, _ actual: UnsafeRawBufferPointer,
        trim: Bool, dropTrailingBlankLines: Bool, exact: Bool
    ) -> ComparisonOutcome {
        if exact && equal(expected, 0..<expected.count, actual, 0..<actual.count) { return .matched }
        var want = ComparedLines(expected, trim: trim, dropTrailingBlankLines: dropTrailingBlankLines)
        var got = ComparedLines(actual, trim: trim, dropTrailingBlankLines: dropTrailingBlankLines)
        while true {
            switch (want.next(), got.next()) {
            case (nil, nil):
                guard exact else { return .matched }
                let wantsNewline = expected.last == 0x0A
                return .mismatched(
                    wantsNewline
                        ? "output does not end with a newline; expected a final \\n"
                        : "output ends with a newline; expected none after the last line")
            case (let wanted?, let line?):
                if equal(expected, wanted.range, actual, line.range) { continue }
                return .mismatched(describeLineDifference(expected, wanted.range, actual, line, exact: exact))
            case (nil, let extra?):
                let count = 1 + got.countRemaining()
                return .mismatched(
                    "output has \(plural(count, "more line")) than expected; first extra line \(extra.number): "
                        + quote(actual, extra.range))
            case (let missing?, nil):
                let count = 1 + want.countRemaining()
                if actual.isEmpty {
                    return .mismatched(
                        "output is empty; expected \(plural(count, "line")), starting with "
                            + quote(expected, missing.range))
                }
                return .mismatched(
                    "output has \(plural(count, "fewer line")) than expected; first missing line \(missing.number): "
                        + quote(expected, missing.range))
            }
        }
    }

    static func describeLineDifference(
        _ expected: UnsafeRawBufferPointer, _ wanted: Range<Int>,
        _ actual: UnsafeRawBufferPointer, _ line: Line, exact: Bool
    ) -> String {
        var common = 0
        let limit = min(wanted.count, line.range.count)
        while common < limit, expected[wanted.lowerBound + common] == actual[line.range.lowerBound + common] {
            common += 1
        }
        while common > 0,
            isContinuation(
                common < wanted.count ? expected[wanted.lowerBound + common] : actual[line.range.lowerBound + common])
        {
            common -= 1
        }
        let column = 1 + (0..<common).count { !isContinuation(actual[line.range.lowerBound + $0]) }
        var windowStart = 0
        if common > TextPreview.defaultLimit / 2 {
            windowStart = common - 40
            while windowStart < common, isContinuation(actual[line.range.lowerBound + windowStart]) { windowStart += 1 }
        }
        let shownWanted = (wanted.lowerBound + windowStart)..<wanted.upperBound
        let shownLine = (line.range.lowerBound + windowStart)..<line.range.upperBound
        let prefix = windowStart > 0 ? "…" : ""
        var message =
            "line \(line.number), column \(column): expected \"\(prefix)\(TextPreview.render(UnsafeRawBufferPointer(rebasing: expected[shownWanted])))\", got "
            + "\"\(prefix)\(TextPreview.render(UnsafeRawBufferPointer(rebasing: actual[shownLine])))\""
        if exact {
            if line.range.count == wanted.count + 1, actual[line.range.upperBound - 1] == 0x0D,
                equal(expected, wanted, actual, line.range.lowerBound..<(line.range.upperBound - 1))
            {
                message += " (the output ends lines with \\r\\n; expected \\n)"
            } else if equal(
                expected, trimmingTrailingWhitespace(wanted, in: expected), actual,
                trimmingTrailingWhitespace(line.range, in: actual))
            {
                message += " (they differ only in trailing whitespace)"
            }
        }
        if TextPreview.firstInvalidUTF8Offset(UnsafeRawBufferPointer(rebasing: actual[line.range])) != nil {
            message += " (the output is not valid UTF-8; invalid bytes are shown as \\xNN)"
        }
        return message
    }

    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    static func quote(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        var text = "\"" + TextPreview.render(slice) + "\""
        if TextPreview.firstInvalidUTF8Offset(slice.prefix(TextPreview.defaultLimit * 4)) != nil {
            text += " (not valid UTF-8; invalid bytes are shown as \\xNN)"
        }
        return text
    }

    static func quote(_ text: String) -> String {
        "\"" + TextPreview.render(text) + "\""
    }

    // MARK: regex

    static func matchRegex(
        _ pattern: String, _ actual: UnsafeRawBufferPointer, timeLimit: Duration
    ) throws(ComparisonUnavailable) -> ComparisonOutcome {
        do {
            _ = try Regex(pattern)
        } catch {
            return .graderError(
                "invalid regular expression /\(TextPreview.render(pattern))/ in the grader spec: \(error)")
        }
        guard String(validating: actual, as: UTF8.self) != nil else {
            let offset = TextPreview.firstInvalidUTF8Offset(actual) ?? 0
            return .mismatched(
                "output is not valid UTF-8 (first invalid byte at offset \(offset)), so it cannot match /\(TextPreview.render(pattern))/; "
                    + "it starts with " + quote(actual, 0..<actual.count))
        }
        guard let matched = try RegexMatcher.wholeMatch(pattern, actual, timeLimit: timeLimit) else {
            return .graderError(
                "the regular expression /\(TextPreview.render(pattern))/ took more than \(Units.formatElapsed(timeLimit)) "
                    + "on an output of \(actual.count) bytes and was stopped; nested quantifiers such as (a+)+ backtrack exponentially, so rewrite the pattern without them"
            )
        }
        if matched { return .matched }
        if actual.isEmpty {
            return .mismatched("output is empty; expected output matching /\(TextPreview.render(pattern))/")
        }
        return .mismatched(
            "output does not match /\(TextPreview.render(pattern))/; got " + quote(actual, 0..<actual.count))
    }

    // MARK: contains

    static func contains(_ fragments: [String], _ actual: UnsafeRawBufferPointer) -> ComparisonOutcome {
        guard !fragments.isEmpty else {
            return .graderError("a `contains` comparison needs at least one fragment to look for")
        }
        guard !fragments.contains(where: \.isEmpty) else {
            return .graderError("a `contains` comparison has an empty fragment, which every output contains")
        }
        for (index, fragment) in fragments.enumerated() where !occurs(Array(fragment.utf8), in: actual) {
            if actual.isEmpty {
                return .mismatched("output is empty; expected it to contain " + quote(fragment))
            }
            var message = "output does not contain " + quote(fragment)
            if fragments.count > 1 {
                message += " (fragment \(index + 1) of \(fragments.count))"
            }
            if actual.count <= 1 << 20, occurs(Array(fragment.lowercased().utf8), in: asciiLowercased(actual)) {
                message += "; it does contain it with different letter case"
            }
            return .mismatched(message)
        }
        return .matched
    }

    static func occurs(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let base = haystack.baseAddress, !needle.isEmpty else { return needle.isEmpty }
        // memchr for the first byte, then memcmp: Glibc's memmem is not visible without _GNU_SOURCE.
        return needle.withUnsafeBytes { pattern in
            var start = 0
            while haystack.count - start >= needle.count {
                guard let hit = memchr(base + start, Int32(needle[0]), haystack.count - start - needle.count + 1) else {
                    return false
                }
                let offset = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + offset, pattern.baseAddress!, needle.count) == 0 { return true }
                start = offset + 1
            }
            return false
        }
    }

    static func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        haystack.withUnsafeBytes { occurs(needle, in: $0) }
    }

    static func asciiLowercased(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    // MARK: numbers

    struct Token {
        var range: Range<Int>
        var line: Int
        var index: Int
    }

    /// Whitespace-separated tokens with their line and position on that line (both 1-based).
    struct TokenScanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0
        var line = 1
        var index = 0

        mutating func next() -> Token? {
            while position < bytes.count, OutputComparer.isSpace(bytes[position]) {
                if bytes[position] == 0x0A {
                    line += 1
                    index = 0
                }
                position += 1
            }
            guard position < bytes.count else { return nil }
            let start = position
            while position < bytes.count, !OutputComparer.isSpace(bytes[position]) { position += 1 }
            index += 1
            return Token(range: start..<position, line: line, index: index)
        }

        mutating func countRemaining() -> Int {
            var count = 0
            while next() != nil { count += 1 }
            return count
        }
    }

    /// A decimal number (`-1`, `2.50`, `.5`, `6.02e23`) or `nan`/`inf`/`infinity`; other spellings are words.
    static func numericValue(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard !bytes.isEmpty, bytes.count <= 64 else { return nil }
        var index = 0
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") { index = 1 }
        let rest = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index...]), as: UTF8.self).lowercased()
        let text = String(decoding: bytes, as: UTF8.self)
        if rest == "nan" || rest == "inf" || rest == "infinity" { return Double(text.lowercased()) }
        var digits = 0
        func skipDigits() {
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
                digits += 1
            }
        }
        skipDigits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            skipDigits()
        }
        guard digits > 0 else { return nil }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            digits = 0
            skipDigits()
            guard digits > 0 else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text)
    }

    static func compareNumbers(
        _ expected: UnsafeRawBufferPointer, _ actual: UnsafeRawBufferPointer, tolerance: Double, relative: Bool
    ) -> ComparisonOutcome {
        guard tolerance.isFinite, tolerance >= 0 else {
            return .graderError("a `numbers` comparison needs a finite tolerance of at least 0, got \(tolerance)")
        }
        let toleranceText =
            relative ? "± \(TextPreview.number(tolerance * 100))%" : "± \(TextPreview.number(tolerance))"
        var want = TokenScanner(bytes: expected)
        var got = TokenScanner(bytes: actual)
        while true {
            switch (want.next(), got.next()) {
            case (nil, nil):
                return .matched
            case (let wanted?, let token?):
                let wantedBytes = UnsafeRawBufferPointer(rebasing: expected[wanted.range])
                let tokenBytes = UnsafeRawBufferPointer(rebasing: actual[token.range])
                let place = "line \(token.line) token \(token.index)"
                if let target = numericValue(wantedBytes) {
                    let wantedText = TextPreview.render(wantedBytes)
                    guard let value = numericValue(tokenBytes) else {
                        return .mismatched(
                            "\(place): expected a number (\(wantedText) \(toleranceText)), got "
                                + quote(actual, token.range))
                    }
                    if !isWithin(value, of: target, tolerance: tolerance, relative: relative) {
                        return .mismatched(
                            "number on \(place): expected \(wantedText) \(toleranceText), got \(TextPreview.render(tokenBytes))"
                        )
                    }
                } else if !equal(expected, wanted.range, actual, token.range) {
                    return .mismatched(
                        "\(place): expected " + quote(expected, wanted.range) + ", got " + quote(actual, token.range))
                }
            case (nil, let extra?):
                let count = 1 + got.countRemaining()
                return .mismatched(
                    "output has \(plural(count, "more token")) than expected; first extra on line \(extra.line) token \(extra.index): "
                        + quote(actual, extra.range))
            case (let missing?, nil):
                let count = 1 + want.countRemaining()
                if actual.isEmpty {
                    return .mismatched(
                        "output is empty; expected \(plural(count, "token")), starting with "
                            + quote(expected, missing.range))
                }
                return .mismatched(
                    "output has \(plural(count, "fewer token")) than expected; the next expected token is "
                        + quote(expected, missing.range))
            }
        }
    }

    static func isWithin(_ value: Double, of target: Double, tolerance: Double, relative: Bool) -> Bool {
        if target.isNaN { return value.isNaN }
        if target.isInfinite || value.isInfinite || value.isNaN { return value == target }
        let allowed = relative ? tolerance * abs(target) : tolerance
        return abs(value - target) <= allowed
    }

    // MARK: JSON

    static func compareJSON(_ expected: UnsafeRawBufferPointer, _ actual: UnsafeRawBufferPointer, subset: Bool)
        -> ComparisonOutcome
    {
        let wanted: JSONValue
        do {
            wanted = try JSONValue.parse(expected)
        } catch {
            return .graderError("the expected JSON in the grader spec is invalid: \(error)")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(actual)
        } catch {
            if actual.isEmpty { return .mismatched("output is empty; expected JSON") }
            let start = max(0, error.offset - 30)
            let end = min(actual.count, error.offset + 30)
            let near =
                (start > 0 ? "…" : "") + TextPreview.render(UnsafeRawBufferPointer(rebasing: actual[start..<end]))
                + (end < actual.count ? "…" : "")
            return .mismatched("output is not valid JSON: \(error) (near \"\(near)\")")
        }
        let mismatch =
            subset
            ? JSONValue.firstSubsetMismatch(expected: wanted, actual: value)
            : JSONValue.firstDifference(expected: wanted, actual: value)
        return mismatch.map { .mismatched($0.description) } ?? .matched
    }
}
