import Foundation
import LadderText

/// A JavaScript regular expression as GitHub Classroom's runners build it (`new RegExp(pattern)`, no flags), turned
/// into a pattern for Ladder's regex matcher that accepts exactly the texts in which JavaScript finds a match.
///
/// The pattern is read with JavaScript's own grammar (ECMAScript with the web-compatibility rules of its Annex B,
/// as Node.js applies them without the `u` flag), so a pattern JavaScript rejects is rejected here as a
/// ``JavaScriptRegexProblem/syntaxError(_:)``, and one JavaScript accepts means here what it means there:
/// - `^` and `$` are the start and end of the whole text (no `m` flag: `$` does not match before a final newline);
/// - `.` is any character but `\n`, `\r`, U+2028 and U+2029 (no `s` flag); `[^]` is any character, `[]` none;
/// - `\d` is `[0-9]`, `\w` is `[A-Za-z0-9_]` and `\b` is the boundary between those and anything else, `\s` is
///   JavaScript's whitespace (the same set `trim()` removes); letters are matched case-sensitively (no `i` flag);
/// - `\uXXXX`, `\xXX`, `\cX`, octal `\0`–`\377`, `\/` and every other escape that is a plain character without the
///   `u` flag (`\u{41}` is `u` 41 times, `\p{L}` is `p{L}`, `\a` is `a`); `{` that starts no count is a `{`;
/// - `(?<name>…)`, `(?:…)`, lookahead, backreferences `\1` and `\k<name>`, greedy and lazy quantifiers.
///
/// What Ladder's engine (Swift `Regex`, matched Unicode scalar by scalar) cannot do the same way is refused as
/// ``JavaScriptRegexProblem/unsupported(_:)``, naming the construct: lookbehind other than at the start of the
/// pattern, `\b` where the character before it may or may not be a word character, a backreference to a group that
/// may not have matched (JavaScript matches it as empty, Swift fails), a quantifier on a lookahead, characters
/// beyond U+FFFF inside `[…]` or directly before a quantifier (JavaScript sees two UTF-16 halves there), and counts
/// above 65535. Outside those, one difference remains: `.` and negated classes match a character beyond U+FFFF
/// (an emoji) whole, where JavaScript matches half of it.
public struct JavaScriptRegex: Sendable, Equatable {
    /// The pattern as its author wrote it.
    public let source: String
    /// A Swift pattern that matches a whole text exactly when `source` matches somewhere in it, for the regex
    /// matcher's JavaScript mode (Unicode scalar semantics, no allowance for a final newline).
    let searchPattern: String

    /// Reads `source` as JavaScript would and translates it.
    public init(_ source: String) throws(JavaScriptRegexProblem) {
        self.source = source
        var parser = try Parser(source)
        let root = try parser.pattern()
        let translated = try Translator.searchPattern(for: root, captureCount: parser.captureCount)
        // The translation must compile; if it ever does not, that is Ladder's gap, refused rather than run.
        guard (try? Regex(translated)) != nil else {
            throw .unsupported("Ladder's regex engine cannot run its translation of this pattern")
        }
        if let reason = CatastrophicPattern.reason(source) {
            throw .catastrophic(reason)
        }
        // Seen only in the translation (where `.` and `[^]` are spelt as classes): said without its syntax.
        if CatastrophicPattern.reason(translated) != nil {
            throw .catastrophic(
                "it repeats a part that itself repeats without bound (or holds the same repetition twice side by "
                    + "side): on a text that almost matches, the loops try every way of sharing it out, which takes "
                    + "exponential time; rewrite it with one loop")
        }
        searchPattern = translated
    }
}

/// Why a JavaScript pattern cannot be matched as GitHub Classroom would match it.
public enum JavaScriptRegexProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// JavaScript rejects the pattern (`new RegExp` throws a SyntaxError), so GitHub's runner fails the test on every
    /// run; the message says what and where, as Node.js would.
    case syntaxError(String)
    /// JavaScript accepts the pattern but Ladder's engine cannot match it the same way; the message names the
    /// construct and how to rewrite it.
    case unsupported(String)
    /// The pattern has a shape that backtracks exponentially (see ``CatastrophicPattern``), which Ladder refuses.
    case catastrophic(String)

    public var description: String {
        switch self {
        case .syntaxError(let message): "JavaScript rejects this regular expression: \(message)"
        case .unsupported(let message):
            "Ladder cannot match this JavaScript regular expression as GitHub does: \(message)"
        case .catastrophic(let message): "this regular expression can take exponential time: \(message)"
        }
    }
}

// MARK: - Sets of characters

/// A set of Unicode scalar values as sorted, disjoint, non-adjacent ranges.
struct ScalarSet: Equatable {
    private(set) var ranges: [ClosedRange<UInt32>] = []

    init(_ ranges: [ClosedRange<UInt32>] = []) {
        for range in ranges { insert(range) }
    }

    init(_ scalar: UInt32) { self.init([scalar...scalar]) }

    /// Every scalar (surrogate code points are not scalars).
    static let all = ScalarSet([0...0xD7FF, 0xE000...0x10FFFF])
    static let digits = ScalarSet([0x30...0x39])
    static let word = ScalarSet(JavaScriptText.wordCharacters)
    static let whitespace = ScalarSet(JavaScriptText.whitespace)
    /// What `.` matches.
    static let dot = ScalarSet(JavaScriptText.lineTerminators).complement

    var isEmpty: Bool { ranges.isEmpty }
    var single: UInt32? {
        ranges.count == 1 && ranges[0].lowerBound == ranges[0].upperBound ? ranges[0].lowerBound : nil
    }

    mutating func insert(_ range: ClosedRange<UInt32>) {
        var lower = range.lowerBound
        var upper = range.upperBound
        var kept: [ClosedRange<UInt32>] = []
        for existing in ranges {
            if existing.upperBound &+ 1 < lower || (upper < UInt32.max && upper + 1 < existing.lowerBound) {
                kept.append(existing)
            } else {
                lower = min(lower, existing.lowerBound)
                upper = max(upper, existing.upperBound)
            }
        }
        kept.append(lower...upper)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    func union(_ other: ScalarSet) -> ScalarSet {
        var result = self
        for range in other.ranges { result.insert(range) }
        return result
    }

    /// Every scalar not in the set.
    var complement: ScalarSet {
        var result = ScalarSet()
        for range in ScalarSet.all.ranges {
            var next = UInt64(range.lowerBound)
            for excluded in ranges where UInt64(excluded.upperBound) >= next && excluded.lowerBound <= range.upperBound
            {
                if UInt64(excluded.lowerBound) > next {
                    result.insert(UInt32(next)...(excluded.lowerBound - 1))
                }
                next = UInt64(excluded.upperBound) + 1
            }
            if next <= UInt64(range.upperBound) { result.insert(UInt32(next)...range.upperBound) }
        }
        return result
    }

    func intersection(_ other: ScalarSet) -> ScalarSet {
        complement.union(other.complement).complement
    }

    /// Whether it holds a scalar beyond U+FFFF, which JavaScript (without the `u` flag) sees as two halves.
    var hasAstral: Bool { ranges.last.map { $0.upperBound > 0xFFFF } ?? false }

    /// Whether it holds a UTF-16 surrogate code point, which is no character of its own.
    var hasSurrogates: Bool { ranges.contains { $0.overlaps(0xD800...0xDFFF) } }
}

// MARK: - Reading JavaScript's syntax

extension JavaScriptRegex {
    /// A pattern read with JavaScript's grammar.
    indirect enum Node {
        /// One character from the set; `astral` for a literal beyond U+FFFF, two UTF-16 units to JavaScript.
        case characters(ScalarSet, astral: Bool)
        case sequence([Node])
        case alternation([Node])
        /// `capture` is the group's number, nil for `(?:…)`.
        case group(Node, capture: Int?)
        case repeated(Node, min: Int, max: Int?, lazy: Bool)
        case inputStart
        case inputEnd
        case wordBoundary(negated: Bool, text: String)
        case lookahead(Node, negated: Bool)
        case lookbehind(Node, negated: Bool, text: String)
        case backreference(Int, text: String)
    }

    /// A recursive-descent reader of JavaScript's pattern grammar without the `u` flag, with Annex B.
    struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        /// The number of capturing groups in the whole pattern, which decides whether `\N` is a backreference.
        let captureCount: Int
        let groupNames: [String: Int]
        private var nextCapture = 1

        /// The largest count Ladder's engine takes in `{n,m}`.
        static let maximumCount = 65535

        init(_ source: String) throws(JavaScriptRegexProblem) {
            scalars = Array(source.unicodeScalars)
            (captureCount, groupNames) = try Self.scanGroups(scalars)
        }

        /// Counts the capturing groups and collects the group names, as JavaScript does before it parses.
        private static func scanGroups(_ scalars: [Unicode.Scalar]) throws(JavaScriptRegexProblem) -> (
            Int, [String: Int]
        ) {
            var count = 0
            var names: [String: Int] = [:]
            var index = 0
            var inClass = false
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\\" {
                    index += 2
                    continue
                }
                if inClass {
                    if scalar == "]" { inClass = false }
                } else if scalar == "[" {
                    inClass = true
                } else if scalar == "(" {
                    let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                    if next != "?" {
                        count += 1
                    } else if index + 2 < scalars.count, scalars[index + 2] == "<", index + 3 < scalars.count,
                        scalars[index + 3] != "=", scalars[index + 3] != "!"
                    {
                        count += 1
                        var end = index + 3
                        while end < scalars.count, scalars[end] != ">" { end += 1 }
                        let name = String(String.UnicodeScalarView(scalars[(index + 3)..<end]))
                        if names[name] != nil {
                            throw .syntaxError("Duplicate capture group name '\(TextPreview.render(name))'")
                        }
                        names[name] = count
                    }
                }
                index += 1
            }
            return (count, names)
        }

        private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            position + offset < scalars.count ? scalars[position + offset] : nil
        }

        private func snippet(from start: Int) -> String {
            let end = min(scalars.count, max(position, start + 1))
            var text = String(String.UnicodeScalarView(scalars[min(start, scalars.count)..<end]))
            if text.isEmpty { text = "end of pattern" }
            return TextPreview.render(text, limit: 40)
        }

        private func syntax(_ message: String, at start: Int) -> JavaScriptRegexProblem {
            .syntaxError("\(message) at character \(start + 1) (\"\(snippet(from: start))\")")
        }

        private func unsupported(_ message: String, at start: Int) -> JavaScriptRegexProblem {
            .unsupported("\"\(snippet(from: start))\" at character \(start + 1): \(message)")
        }

        /// The whole pattern.
        mutating func pattern() throws(JavaScriptRegexProblem) -> Node {
            let root = try disjunction()
            if position < scalars.count { throw syntax("Unmatched ')'", at: position) }
            return root
        }

        private mutating func disjunction() throws(JavaScriptRegexProblem) -> Node {
            var alternatives = [try alternative()]
            while peek() == "|" {
                position += 1
                alternatives.append(try alternative())
            }
            return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
        }

        private mutating func alternative() throws(JavaScriptRegexProblem) -> Node {
            var terms: [Node] = []
            while let scalar = peek(), scalar != "|", scalar != ")" {
                terms.append(try term())
            }
            return .sequence(terms)
        }

        private mutating func term() throws(JavaScriptRegexProblem) -> Node {
            let start = position
            switch (peek(), peek(1), peek(2), peek(3)) {
            case ("^", _, _, _):
                position += 1
                try refuseQuantifier(start)
                return .inputStart
            case ("$", _, _, _):
                position += 1
                try refuseQuantifier(start)
                return .inputEnd
            case ("\\", "b", _, _), ("\\", "B", _, _):
                position += 2
                try refuseQuantifier(start)
                return .wordBoundary(negated: scalars[start + 1] == "B", text: snippet(from: start))
            case ("(", "?", "=", _), ("(", "?", "!", _):
                position += 3
                let body = try disjunction()
                try closeGroup(start)
                if quantifierAhead() {
                    throw unsupported(
                        "a quantifier on a lookahead is JavaScript's legacy syntax, which Ladder's engine does not "
                            + "have; drop the quantifier (a lookahead matches no characters, so repeating it changes nothing)",
                        at: start)
                }
                return .lookahead(body, negated: scalars[start + 2] == "!")
            case ("(", "?", "<", "="), ("(", "?", "<", "!"):
                position += 4
                let body = try disjunction()
                try closeGroup(start)
                let text = snippet(from: start)
                if quantifierAhead() { throw syntax("Invalid quantifier", at: start) }
                return .lookbehind(body, negated: scalars[start + 3] == "!", text: text)
            default:
                let atom = try atom()
                guard let (min, max, lazy) = try quantifier() else { return atom }
                if case .characters(_, astral: true) = atom {
                    throw unsupported(
                        "a quantifier directly after a character beyond U+FFFF repeats only its second UTF-16 half "
                            + "in JavaScript; put the character in a group, (?:…)\(scalars[position - 1])",
                        at: start)
                }
                return .repeated(atom, min: min, max: max, lazy: lazy)
            }
        }

        /// `*`, `+`, `?` or a `{n}`, `{n,}`, `{n,m}` at the position.
        private func quantifierAhead() -> Bool {
            guard let scalar = peek() else { return false }
            return scalar == "*" || scalar == "+" || scalar == "?" || bracedQuantifier(at: position) != nil
        }

        /// An assertion takes no quantifier in JavaScript.
        private func refuseQuantifier(_ start: Int) throws(JavaScriptRegexProblem) {
            if quantifierAhead() { throw syntax("Nothing to repeat", at: start) }
        }

        /// `{n}`, `{n,}` or `{n,m}` starting at `index`: the counts (saturated) and the index after it.
        private func bracedQuantifier(at index: Int) -> (Int, Int?, Int)? {
            guard index < scalars.count, scalars[index] == "{" else { return nil }
            var cursor = index + 1
            func number() -> Int? {
                var value: Int?
                while cursor < scalars.count, Self.isASCIIDigit(scalars[cursor]) {
                    let digit = Int(scalars[cursor].value - 0x30)
                    value = (value ?? 0) > (Int.max - 9) / 10 ? Int.max : (value ?? 0) * 10 + digit
                    cursor += 1
                }
                return value
            }
            guard let minimum = number(), cursor < scalars.count else { return nil }
            if scalars[cursor] == "}" { return (minimum, minimum, cursor + 1) }
            guard scalars[cursor] == "," else { return nil }
            cursor += 1
            let maximum = number()
            guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
            return (minimum, maximum, cursor + 1)
        }

        private mutating func quantifier() throws(JavaScriptRegexProblem) -> (Int, Int?, Bool)? {
            let start = position
            let bounds: (Int, Int?)
            switch peek() {
            case "*":
                position += 1
                bounds = (0, nil)
            case "+":
                position += 1
                bounds = (1, nil)
            case "?":
                position += 1
                bounds = (0, 1)
            case "{":
                guard let (minimum, maximum, end) = bracedQuantifier(at: position) else { return nil }
                position = end
                if let maximum, maximum < minimum {
                    throw syntax("numbers out of order in {} quantifier", at: start)
                }
                if minimum > Self.maximumCount || (maximum ?? 0) > Self.maximumCount {
                    throw unsupported("Ladder's regex engine takes counts up to \(Self.maximumCount)", at: start)
                }
                bounds = (minimum, maximum)
            default:
                return nil
            }
            var lazy = false
            if peek() == "?" {
                position += 1
                lazy = true
            }
            return (bounds.0, bounds.1, lazy)
        }

        private mutating func atom() throws(JavaScriptRegexProblem) -> Node {
            let start = position
            let scalar = scalars[position]
            switch scalar {
            case ".":
                position += 1
                return .characters(.dot, astral: false)
            case "(":
                return try group()
            case "[":
                return .characters(try characterClass(), astral: false)
            case "\\":
                return try atomEscape()
            case "*", "+", "?":
                throw syntax("Nothing to repeat", at: start)
            case "{" where bracedQuantifier(at: position) != nil:
                throw syntax("Nothing to repeat", at: start)
            default:
                position += 1
                return literal(scalar.value)
            }
        }

        private func literal(_ value: UInt32) -> Node {
            .characters(ScalarSet(value), astral: value > 0xFFFF)
        }

        private mutating func closeGroup(_ start: Int) throws(JavaScriptRegexProblem) {
            guard peek() == ")" else { throw syntax("Unterminated group", at: start) }
            position += 1
        }

        private mutating func group() throws(JavaScriptRegexProblem) -> Node {
            let start = position
            position += 1
            var capture: Int?
            if peek() == "?" {
                switch peek(1) {
                case ":":
                    position += 2
                case "<":
                    position += 2
                    try groupName(start)
                    capture = nextCapture
                    nextCapture += 1
                default:
                    position = min(position + 2, scalars.count)
                    throw syntax("Invalid group", at: start)
                }
            } else {
                capture = nextCapture
                nextCapture += 1
            }
            let body = try disjunction()
            try closeGroup(start)
            return .group(body, capture: capture)
        }

        /// Reads `name>` of `(?<name>`.
        private mutating func groupName(_ start: Int) throws(JavaScriptRegexProblem) {
            var first = true
            while let scalar = peek(), scalar != ">" {
                if scalar == "\\" {
                    throw unsupported("escapes in a group name; write the name's characters themselves", at: start)
                }
                let valid =
                    scalar == "$" || scalar == "_"
                    || (first
                        ? scalar.properties.isIDStart
                        : scalar.properties.isIDContinue || scalar.value == 0x200C
                            || scalar.value == 0x200D)
                guard valid else { throw syntax("Invalid capture group name", at: start) }
                first = false
                position += 1
            }
            guard !first, peek() == ">" else { throw syntax("Invalid capture group name", at: start) }
            position += 1
        }

        private static func isASCIIDigit(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return scalar.value >= 0x30 && scalar.value <= 0x39
        }

        private static func hexValue(_ scalar: Unicode.Scalar?) -> UInt32? {
            guard let scalar, scalar.isASCII, let value = UInt32(String(scalar), radix: 16) else { return nil }
            return value
        }

        private static func isASCIILetter(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar, scalar.isASCII else { return false }
            return scalar.properties.isAlphabetic
        }

        /// `\d`, `\D`, `\w`, `\W`, `\s` or `\S`.
        private static func classEscape(_ scalar: Unicode.Scalar) -> ScalarSet? {
            switch scalar {
            case "d": .digits
            case "D": ScalarSet.digits.complement
            case "w": .word
            case "W": ScalarSet.word.complement
            case "s": .whitespace
            case "S": ScalarSet.whitespace.complement
            default: nil
            }
        }

        /// `hex` hexadecimal digits at the position, consumed; nil (nothing consumed) when there are fewer.
        private mutating func hexDigits(_ count: Int) -> UInt32? {
            var value: UInt32 = 0
            for offset in 0..<count {
                guard let digit = Self.hexValue(peek(offset)) else { return nil }
                value = value * 16 + digit
            }
            position += count
            return value
        }

        /// A legacy octal escape's value, up to `\377`, its digits consumed.
        private mutating func octal() -> UInt32 {
            func octalDigit(_ scalar: Unicode.Scalar?) -> UInt32? {
                guard let scalar, scalar.value >= 0x30, scalar.value <= 0x37 else { return nil }
                return scalar.value - 0x30
            }
            guard let first = octalDigit(peek()) else { return 0 }
            position += 1
            var value = first
            if let second = octalDigit(peek()) {
                position += 1
                value = value * 8 + second
                if first <= 3, let third = octalDigit(peek()) {
                    position += 1
                    value = value * 8 + third
                }
            }
            return value
        }

        /// What follows `\` outside a class.
        private mutating func atomEscape() throws(JavaScriptRegexProblem) -> Node {
            let start = position
            position += 1
            guard let scalar = peek() else { throw syntax("\\ at end of pattern", at: start) }
            if let set = Self.classEscape(scalar) {
                position += 1
                return .characters(set, astral: false)
            }
            switch scalar {
            case "1"..."9":
                var number = 0
                var end = position
                while Self.isASCIIDigit(end < scalars.count ? scalars[end] : nil) {
                    number = number > (Int.max - 9) / 10 ? Int.max : number * 10 + Int(scalars[end].value - 0x30)
                    end += 1
                }
                if number <= captureCount {
                    position = end
                    return .backreference(number, text: snippet(from: start))
                }
                if scalar == "8" || scalar == "9" {
                    position += 1
                    return literal(scalar.value)
                }
                return literal(octal())
            case "0":
                return literal(octal())
            case "k" where !groupNames.isEmpty:
                position += 1
                guard peek() == "<" else { throw syntax("Invalid named reference", at: start) }
                var end = position + 1
                while end < scalars.count, scalars[end] != ">" { end += 1 }
                guard end < scalars.count,
                    let number = groupNames[String(String.UnicodeScalarView(scalars[(position + 1)..<end]))]
                else { throw syntax("Invalid named capture referenced", at: start) }
                position = end + 1
                return .backreference(number, text: snippet(from: start))
            default:
                return literal(try characterEscape(start, inClass: false))
            }
        }

        /// A character escape's value (the position is after the `\`): control characters, `\cX`, `\xXX`, `\uXXXX`
        /// and identity escapes, with Annex B's fallbacks.
        private mutating func characterEscape(_ start: Int, inClass: Bool) throws(JavaScriptRegexProblem) -> UInt32 {
            let scalar = scalars[position]
            switch scalar {
            case "t":
                position += 1
                return 0x09
            case "n":
                position += 1
                return 0x0A
            case "v":
                position += 1
                return 0x0B
            case "f":
                position += 1
                return 0x0C
            case "r":
                position += 1
                return 0x0D
            case "c":
                let next = peek(1)
                if Self.isASCIILetter(next) || (inClass && (Self.isASCIIDigit(next) || next == "_")) {
                    position += 2
                    return next!.value % 32
                }
                // Annex B: a `\` before a `c` that makes no control character is a backslash; the `c` follows.
                return UInt32(0x5C)
            case "x":
                position += 1
                return hexDigits(2) ?? 0x78
            case "u":
                position += 1
                guard let unit = hexDigits(4) else { return 0x75 }
                guard (0xD800...0xDFFF).contains(unit) else { return unit }
                if !inClass, unit <= 0xDBFF, peek() == "\\", peek(1) == "u" {
                    let saved = position
                    position += 2
                    if let low = hexDigits(4), (0xDC00...0xDFFF).contains(low) {
                        return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    position = saved
                }
                throw unsupported(
                    "a lone UTF-16 surrogate matches half a character in JavaScript, which Ladder's engine cannot; "
                        + "write the whole character, or both halves one after the other",
                    at: start)
            case "k" where inClass && !groupNames.isEmpty:
                throw syntax("Invalid escape", at: start)
            default:
                position += 1
                return scalar.value
            }
        }

        /// A `[…]` class as the set of characters it matches.
        private mutating func characterClass() throws(JavaScriptRegexProblem) -> ScalarSet {
            let start = position
            position += 1
            var negated = false
            if peek() == "^" {
                negated = true
                position += 1
            }
            var set = ScalarSet()
            while true {
                guard let scalar = peek() else { throw syntax("Unterminated character class", at: start) }
                if scalar == "]" {
                    position += 1
                    break
                }
                let first = try classAtom(start)
                if peek() == "-", let next = peek(1), next != "]" {
                    position += 1
                    let second = try classAtom(start)
                    switch (first, second) {
                    case (.character(let low), .character(let high)):
                        guard low <= high else { throw syntax("Range out of order in character class", at: start) }
                        set.insert(low...high)
                    default:
                        // Annex B: a range with a class escape at either end is both ends and the `-`.
                        set = set.union(first.set).union(second.set).union(ScalarSet(0x2D))
                    }
                } else {
                    set = set.union(first.set)
                }
            }
            if set.hasSurrogates {
                throw unsupported(
                    "UTF-16 surrogates inside […] match halves of characters in JavaScript, which Ladder's engine "
                        + "cannot; write whole characters outside the class",
                    at: start)
            }
            if set.hasAstral {
                throw unsupported(
                    "a character beyond U+FFFF inside […] is two UTF-16 halves to JavaScript, each matched alone; "
                        + "write the character outside the class, for example (?:x|😀)",
                    at: start)
            }
            return negated ? set.complement : set
        }

        private enum ClassAtom {
            case character(UInt32)
            case escape(ScalarSet)

            var set: ScalarSet {
                switch self {
                case .character(let value): ScalarSet(value)
                case .escape(let set): set
                }
            }
        }

        private mutating func classAtom(_ classStart: Int) throws(JavaScriptRegexProblem) -> ClassAtom {
            let scalar = scalars[position]
            guard scalar == "\\" else {
                position += 1
                return .character(scalar.value)
            }
            let start = position
            position += 1
            guard let escaped = peek() else { throw syntax("\\ at end of pattern", at: start) }
            if let set = Self.classEscape(escaped) {
                position += 1
                return .escape(set)
            }
            switch escaped {
            case "b":
                position += 1
                return .character(0x08)
            case "0"..."7":
                return .character(octal())
            default:
                return .character(try characterEscape(start, inClass: true))
            }
        }
    }
}

// MARK: - Writing Swift's syntax

extension JavaScriptRegex {
    /// Which kind of character can come before a position: a word character, another one, or (at the start of the
    /// pattern) one the search has not decided yet.
    struct Before: OptionSet {
        let rawValue: Int
        static let word = Before(rawValue: 1)
        static let other = Before(rawValue: 2)
        static let undecided = Before(rawValue: 4)
    }

    enum TranslationFailure: Error {
        /// A `\b` at the start needs to know what comes before the match: translate once for each kind.
        case needsWhatComesBefore
        case problem(JavaScriptRegexProblem)
    }

    /// Writes the Swift pattern, with what JavaScript means spelled out: classes as explicit ranges, `\b` as
    /// lookaheads that know the character before them, capture groups numbered as JavaScript numbers them.
    struct Translator {
        /// Added to group numbers, for the second copy of a pattern translated twice.
        var groupOffset = 0

        /// A pattern whose whole match means that `root` matches somewhere in the text.
        static func searchPattern(for root: Node, captureCount: Int) throws(JavaScriptRegexProblem) -> String {
            var body = root
            var notBefore: ScalarSet?
            if case .sequence(var items) = root, case .lookbehind(let inner, let negated, let text)? = items.first {
                items.removeFirst()
                if negated {
                    guard let set = Self.singleCharacter(inner) else {
                        throw .unsupported(
                            "\"\(text)\": Ladder's regex engine has no lookbehind; a negative lookbehind at the start "
                                + "of the pattern works only for a single character or class, like (?<![a-z])")
                    }
                    notBefore = set
                } else {
                    if Self.hasCaptureOrReference(inner) {
                        throw .unsupported(
                            "\"\(text)\": a lookbehind with groups or backreferences; use (?:…) inside it")
                    }
                    // What a lookbehind at the start sees is what the search passed over: match it there.
                    items.insert(.group(inner, capture: nil), at: 0)
                }
                body = .sequence(items)
            }
            try Self.checkBackreferences(body)
            let anything = "(?s:.*?)"
            let rest = "(?s:.*)"
            var text: String?
            do {
                text = try Translator().emit(body, before: .undecided).0
            } catch {
                switch error {
                case .problem(let problem): throw problem
                case .needsWhatComesBefore: text = nil
                }
            }
            if let text {
                guard let notBefore else { return anything + "(?:" + text + ")" + rest }
                return anything + "(?:\\A|" + Self.emit(notBefore.complement) + ")(?:" + text + ")" + rest
            }
            // A \b at the start: the search passes over the character before the match, so the pattern is
            // translated once for a non-word character (or none) there and once for a word character.
            let afterOther: String
            let afterWord: String
            do {
                afterOther = try Translator().emit(body, before: .other).0
                afterWord = try Translator(groupOffset: captureCount).emit(body, before: .word).0
            } catch {
                switch error {
                case .problem(let problem): throw problem
                case .needsWhatComesBefore: throw .unsupported("a \\b at the start that Ladder cannot place")
                }
            }
            let allowed = notBefore?.complement ?? .all
            return anything + "(?:(?:\\A|" + Self.emit(allowed.intersection(ScalarSet.word.complement)) + ")(?:"
                + afterOther + ")|" + Self.emit(allowed.intersection(.word)) + "(?:" + afterWord + "))" + rest
        }

        /// The set when `node` is exactly one character (possibly in groups).
        private static func singleCharacter(_ node: Node) -> ScalarSet? {
            switch node {
            case .characters(let set, _): set
            case .group(let inner, nil): singleCharacter(inner)
            case .sequence(let items) where items.count == 1: singleCharacter(items[0])
            default: nil
            }
        }

        private static func hasCaptureOrReference(_ node: Node) -> Bool {
            switch node {
            case .backreference: true
            case .group(_, _?): true
            case .group(let inner, nil), .repeated(let inner, _, _, _), .lookahead(let inner, _),
                .lookbehind(let inner, _, _):
                hasCaptureOrReference(inner)
            case .sequence(let items), .alternation(let items): items.contains(where: hasCaptureOrReference)
            case .characters, .inputStart, .inputEnd, .wordBoundary: false
            }
        }

        // MARK: Backreferences

        /// A node on the way down to a group or backreference, and which of its children the way takes.
        private enum Step: Equatable {
            case sequence(Int)
            case alternation(Int)
            case group(capture: Int?)
            case repeated(min: Int)
            case lookaround
        }

        /// A backreference is translated only when the group it names has surely matched by then, on every way
        /// there: JavaScript matches an unset group as empty text, Swift fails on it.
        private static func checkBackreferences(_ root: Node) throws(JavaScriptRegexProblem) {
            var groups: [Int: [Step]] = [:]
            var references: [(Int, String, [Step])] = []
            func walk(_ node: Node, _ path: [Step]) {
                switch node {
                case .characters, .inputStart, .inputEnd, .wordBoundary: break
                case .backreference(let number, let text): references.append((number, text, path))
                case .sequence(let items):
                    for (index, item) in items.enumerated() { walk(item, path + [.sequence(index)]) }
                case .alternation(let items):
                    for (index, item) in items.enumerated() { walk(item, path + [.alternation(index)]) }
                case .group(let inner, let capture):
                    if let capture { groups[capture] = path }
                    walk(inner, path + [.group(capture: capture)])
                case .repeated(let inner, let min, _, _): walk(inner, path + [.repeated(min: min)])
                case .lookahead(let inner, _), .lookbehind(let inner, _, _): walk(inner, path + [.lookaround])
                }
            }
            walk(root, [])
            for (number, text, path) in references {
                let fix =
                    "JavaScript matches a group that has not matched as empty text, Ladder's engine fails; "
                    + "make sure group \(number) has matched before \(text) on every way through the pattern"
                guard let groupPath = groups[number], !path.contains(.group(capture: number)) else {
                    throw .unsupported("\"\(text)\" refers to group \(number) from inside it; \(fix)")
                }
                var depth = 0
                while depth < groupPath.count, depth < path.count, groupPath[depth] == path[depth] { depth += 1 }
                guard depth < groupPath.count, depth < path.count,
                    case .sequence(let groupIndex) = groupPath[depth], case .sequence(let referenceIndex) = path[depth],
                    groupIndex < referenceIndex
                else {
                    throw .unsupported(
                        "\"\(text)\" refers to group \(number), which may not have matched by then; \(fix)")
                }
                for step in groupPath[(depth + 1)...] {
                    switch step {
                    case .sequence, .group: continue
                    case .repeated(let min) where min > 0: continue
                    default:
                        throw .unsupported(
                            "\"\(text)\" refers to group \(number), which is optional, in an alternative or in a "
                                + "lookaround; \(fix)")
                    }
                }
            }
        }

        // MARK: Emitting

        /// The Swift text for `node`, given what may come before it, and what may come before the position after it.
        func emit(_ node: Node, before: Before) throws(TranslationFailure) -> (String, Before) {
            switch node {
            case .characters(let set, _):
                return (Self.emit(set), Self.kind(of: set))
            case .sequence(let items):
                var text = ""
                var current = before
                for item in items {
                    let (itemText, after) = try emit(item, before: current)
                    text += itemText
                    current = after
                }
                return (text, current)
            case .alternation(let items):
                var texts: [String] = []
                var after: Before = []
                for item in items {
                    let (itemText, itemAfter) = try emit(item, before: before)
                    texts.append(itemText)
                    after.formUnion(itemAfter)
                }
                return (texts.joined(separator: "|"), after)
            case .group(let inner, let capture):
                let (text, after) = try emit(inner, before: before)
                return ((capture == nil ? "(?:" : "(") + text + ")", after)
            case .repeated(let inner, let min, let max, let lazy):
                // Each repetition can follow the one before it: find every kind of character that can precede one.
                var entry = before
                var exit: Before = []
                while true {
                    let (_, after) = try emit(inner, before: entry)
                    exit = after
                    if entry.isSuperset(of: after) || max == 1 { break }
                    entry.formUnion(after)
                }
                let (text, _) = try emit(inner, before: entry)
                var quantifier =
                    switch (min, max) {
                    case (0, nil): "*"
                    case (1, nil): "+"
                    case (0, 1?): "?"
                    case (let low, nil): "{\(low),}"
                    case (let low, let high?) where low == high: "{\(low)}"
                    case (let low, let high?): "{\(low),\(high)}"
                    }
                if lazy { quantifier += "?" }
                let after = max == 0 ? before : (min == 0 ? exit.union(before) : exit)
                return ("(?:" + text + ")" + quantifier, after)
            case .inputStart:
                return ("\\A", .other)
            case .inputEnd:
                return ("\\z", before)
            case .wordBoundary(let negated, let text):
                if before.contains(.undecided) { throw .needsWhatComesBefore }
                let wordNext = "(?=" + Self.emit(.word) + ")"
                let otherNext = "(?!" + Self.emit(.word) + ")"
                switch before {
                case .word: return (negated ? wordNext : otherNext, before)
                case .other, []: return (negated ? otherNext : wordNext, before)
                default:
                    throw .problem(
                        .unsupported(
                            "\"\(text)\" can come after a word character or after another one (it follows an optional "
                                + "part, a choice or a character like . that can be either), and Ladder's engine has no "
                                + "lookbehind to tell which; make what precedes it always a word character or always not"
                        ))
                }
            case .lookahead(let inner, let negated):
                let (text, _) = try emit(inner, before: before)
                return ((negated ? "(?!" : "(?=") + text + ")", before)
            case .lookbehind(_, _, let text):
                throw .problem(
                    .unsupported(
                        "\"\(text)\": Ladder's regex engine has no lookbehind; one is translated only at the very start "
                            + "of the pattern (outside any group or alternative)"))
            case .backreference(let number, _):
                return ("\\g{\(number + groupOffset)}", before.union([.word, .other]))
            }
        }

        /// What can precede the position after one character of `set`.
        private static func kind(of set: ScalarSet) -> Before {
            var kind: Before = []
            if !set.intersection(.word).isEmpty { kind.insert(.word) }
            if !set.intersection(ScalarSet.word.complement).isEmpty { kind.insert(.other) }
            return kind
        }

        /// One character of `set` in Swift's syntax: a literal, a class of ranges, or nothing at all.
        static func emit(_ set: ScalarSet) -> String {
            if set.isEmpty { return "(?!)" }
            if let single = set.single { return literal(single) }
            var items = ""
            for range in set.ranges {
                // Swift refuses a range whose end is a character that normalization changes (U+2000 is U+2002 in
                // NFC): such an end is listed on its own, where it matches exactly itself.
                var low = range.lowerBound
                var high = range.upperBound
                while low <= high, !isRangeBound(low) {
                    items += literal(low)
                    low += 1
                }
                while high > low, !isRangeBound(high) {
                    items += literal(high)
                    high -= 1
                }
                if low < high {
                    items += literal(low) + "-" + literal(high)
                } else if low == high {
                    items += literal(low)
                }
            }
            return "[" + items + "]"
        }

        /// Whether Swift's regex syntax takes the scalar as the end of a range: it is its own canonical composition.
        private static func isRangeBound(_ value: UInt32) -> Bool {
            guard value >= 0x80 else { return true }
            guard let scalar = Unicode.Scalar(value) else { return false }
            let text = String(scalar)
            return text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars)
        }

        /// A character as a literal that means itself everywhere in Swift's syntax, in a class too.
        private static func literal(_ value: UInt32) -> String {
            guard let scalar = Unicode.Scalar(value) else { return "(?!)" }
            if scalar.isASCII, scalar.properties.isAlphabetic || (0x30...0x39).contains(value) {
                return String(scalar)
            }
            if (0x21...0x7E).contains(value) { return "\\" + String(scalar) }
            return "\\u{" + String(value, radix: 16, uppercase: true) + "}"
        }
    }
}
