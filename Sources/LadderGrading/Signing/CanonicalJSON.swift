import Foundation
import LadderText

/// The one byte sequence a JSON value is signed as.
///
/// Rules (documented in `docs/report-format.md`, and fixed: changing them breaks every existing signature):
/// - no whitespace anywhere;
/// - object keys sorted by their UTF-8 bytes, each key once;
/// - numbers are integers only, written in decimal without leading zeros, `+`, fraction or exponent;
/// - strings are UTF-8; `"` and `\` are escaped with a backslash, `\n`, `\r` and `\t` as such, every other
///   character below U+0020 and U+007F as `\u00XX` (upper-case hex); everything else, including non-ASCII, as is
///   (``QuotedString/json(_:escapingLineBreakLookalikes:)``, whose rules are these);
/// - `null`, `true` and `false` as literals.
enum CanonicalJSON {
    enum Value: Equatable {
        case null
        case bool(Bool)
        case integer(Int)
        case string(String)
        case array([Value])
        case object([String: Value])
    }

    static func serialize(_ value: Value) -> Data {
        var out: [UInt8] = []
        write(value, into: &out)
        return Data(out)
    }

    private static func write(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .integer(let number): out += Array(String(number).utf8)
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out += Array(QuotedString.json(text).utf8)
    }
}
