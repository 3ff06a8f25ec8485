#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounded, printable renderings of untrusted program output for feedback messages.
///
/// Learner output may be binary, enormous or full of control characters; everything shown back to a person
/// goes through here so that a message is always short, valid text and says what was changed.
public enum TextPreview {
    /// The longest line, in characters, that feedback messages quote before truncating it.
    public static let defaultLimit = 200

    /// A printable rendering of `bytes`: valid UTF-8 as text, invalid bytes as `\xNN`, control characters escaped.
    ///
    /// At most `limit` characters of content are rendered; a longer input ends with `…` and the number of bytes left out.
    public static func render<Bytes: Collection<UInt8>>(_ bytes: Bytes, limit: Int = defaultLimit) -> String {
        var out = ""
        var shown = 0
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if shown >= limit {
                let rest = bytes.distance(from: index, to: bytes.endIndex)
                out += "… (+\(rest) bytes)"
                return out
            }
            switch decodeScalar(bytes, at: index) {
            case .valid(let scalar, let next):
                out += escaped(scalar)
                index = next
            case .invalid:
                out += "\\x" + hexByte(bytes[index])
                index = bytes.index(after: index)
            }
            shown += 1
        }
        return out
    }

    /// A printable rendering of multi-line output: line breaks kept, each line rendered like ``render(_:limit:)``.
    public static func renderLines<Bytes: Collection<UInt8>>(_ bytes: Bytes, limit: Int = defaultLimit) -> String {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { render($0, limit: limit) }.joined(
            separator: "\n")
    }

    /// A printable rendering of `text`, escaped and truncated like ``render(_:limit:)``.
    public static func render(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        render(text.utf8, limit: limit)
    }

    /// The byte offset of the first byte that is not part of valid UTF-8, or `nil` when all of `bytes` is valid.
    public static func firstInvalidUTF8Offset<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        var index = bytes.startIndex
        var offset = 0
        while index != bytes.endIndex {
            if bytes[index] < 0x80 {
                index = bytes.index(after: index)
                offset += 1
                continue
            }
            switch decodeScalar(bytes, at: index) {
            case .valid(_, let next):
                offset += bytes.distance(from: index, to: next)
                index = next
            case .invalid:
                return offset
            }
        }
        return nil
    }

    enum DecodedAt<Index> {
        case valid(Unicode.Scalar, Index)
        case invalid
    }

    /// Decodes one scalar at `index` strictly: no overlong forms, no surrogates, nothing above U+10FFFF.
    static func decodeScalar<Bytes: Collection<UInt8>>(_ bytes: Bytes, at index: Bytes.Index) -> DecodedAt<Bytes.Index>
    {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        var lowest: UInt32
        switch lead {
        case 0x00..<0x80: return .valid(Unicode.Scalar(lead), bytes.index(after: index))
        case 0xC2..<0xE0:
            length = 2
            value = UInt32(lead & 0x1F)
            lowest = 0x80
        case 0xE0..<0xF0:
            length = 3
            value = UInt32(lead & 0x0F)
            lowest = 0x800
        case 0xF0..<0xF5:
            length = 4
            value = UInt32(lead & 0x07)
            lowest = 0x10000
        default: return .invalid
        }
        var cursor = bytes.index(after: index)
        for _ in 1..<length {
            guard cursor != bytes.endIndex else { return .invalid }
            let byte = bytes[cursor]
            guard byte & 0xC0 == 0x80 else { return .invalid }
            value = value << 6 | UInt32(byte & 0x3F)
            cursor = bytes.index(after: cursor)
        }
        guard value >= lowest, let scalar = Unicode.Scalar(value) else { return .invalid }
        return .valid(scalar, cursor)
    }

    /// `scalar` as it is shown: line breaks, tabs, control, bidi and invisible characters escaped.
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{00}"..<"\u{20}", "\u{7F}":
            return "\\x" + hexByte(UInt8(scalar.value))
        // C1 controls can drive a terminal (U+009B is CSI); bidi and invisible characters can disguise a message.
        case "\u{80}"..."\u{9F}", "\u{200B}"..."\u{200F}", "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}", "\u{FEFF}":
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default:
            return String(Character(scalar))
        }
    }

    /// A number as messages show it: a whole number without a fraction (`3`, not `3.0`).
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `byte` as two uppercase hexadecimal digits.
    public static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
