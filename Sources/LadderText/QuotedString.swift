/// Text as a double-quoted string in JSON's syntax, which TOML basic strings and YAML double-quoted scalars read too:
/// the one escaper of JSON values, canonical JSON (signed grades), TOML written by Ladder and TAP's YAML blocks.
///
/// `"` and `\` are escaped with a backslash, line feed, carriage return and tab as `\n`, `\r` and `\t`, every other
/// character below U+0020 and U+007F as `\u00XX` (upper-case hex), and everything else is kept as it is. Canonical
/// JSON is defined by these rules (`docs/report-format.md`): changing them breaks every signature already made.
public enum QuotedString {
    /// `text` between double quotes, escaped as the type's summary says.
    ///
    /// - Parameter lineBreakLookalikes: also escape, as `\uXXXX`, the characters some readers take for line breaks
    ///   (``isLineBreakLookalike(_:)``), for text that must stay on its line (TAP's YAML).
    public static func json(_ text: String, escapingLineBreakLookalikes lineBreakLookalikes: Bool = false) -> String {
        var out = ""
        write(text, into: &out, escapingLineBreakLookalikes: lineBreakLookalikes)
        return out
    }

    /// Appends `text` between double quotes to `out`, escaped like ``json(_:escapingLineBreakLookalikes:)``.
    public static func write(
        _ text: String, into out: inout String, escapingLineBreakLookalikes lineBreakLookalikes: Bool = false
    ) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..<"\u{20}", "\u{7F}": out += unicodeEscape(scalar)
            default:
                if lineBreakLookalikes && isLineBreakLookalike(scalar) {
                    out += unicodeEscape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// NEL and the other C1 controls (U+0080 to U+009F), and the Unicode line and paragraph separators: YAML 1.1 and
    /// Swift's `Character.isNewline` take some of these for line breaks.
    public static func isLineBreakLookalike(_ scalar: Unicode.Scalar) -> Bool {
        (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// `scalar` as `\uXXXX`, upper-case hex (for a scalar of the Basic Multilingual Plane, as every escaped one is).
    public static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
