/// Text as JavaScript sees it, where GitHub Classroom's runners (written in JavaScript) decide on it: what `trim()`
/// removes and what `\s` matches in a regular expression.
public enum JavaScriptText {
    /// ECMAScript's WhiteSpace and LineTerminator code points: what `trim()` removes and `\s` matches.
    static let whitespace: [ClosedRange<UInt32>] = [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ]

    /// The line terminators, which `.` does not match: `\n`, `\r`, U+2028 and U+2029.
    static let lineTerminators: [ClosedRange<UInt32>] = [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]

    /// `\w`: ASCII letters, digits and `_` (JavaScript's `\w` and `\b` know no other word characters).
    static let wordCharacters: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        whitespace.contains { $0.contains(scalar.value) }
    }

    /// `String.prototype.trim()`.
    public static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
