import Foundation
import LadderText

/// A JSON document as a value: what graders compare, capture from and substitute into.
///
/// Objects are unordered (`==` ignores key order, and rendering sorts keys so messages are stable).
/// Numbers keep the literal they were written with; see ``JSONNumber``.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON type's name with an article, for messages ("a string", "an object").
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let number): number.isInteger ? "an integer" : "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The text a capture of this value stands for inside a larger string: strings bare, everything else as JSON.
    public var textForm: String {
        if case .string(let text) = self { return text }
        return serialized()
    }

    /// Compact JSON text with sorted keys; when `maxLength` is given, longer renderings end with `…`.
    public func serialized(maxLength: Int? = nil) -> String {
        var out = ""
        write(into: &out, budget: maxLength.map { $0 + 1 } ?? Int.max)
        if let maxLength, out.count > maxLength {
            return String(out.prefix(maxLength)) + "…"
        }
        return out
    }

    private func write(into out: inout String, budget: Int) {
        guard out.utf8.count <= budget else { return }
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let number): out += number.literal
        case .string(let text): QuotedString.write(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out, budget: budget)
                if out.utf8.count > budget { return }
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                QuotedString.write(key, into: &out)
                out += ":"
                members[key]!.write(into: &out, budget: budget)
                if out.utf8.count > budget { return }
            }
            out += "}"
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value.
    public var description: String { serialized() }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) {
        guard let number = JSONNumber(value) else { preconditionFailure("JSON has no literal for \(value)") }
        self = .number(number)
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: Codable {
    /// Decodes through the decoder's own number types; `JSONValue.parse(_:)` keeps big integers exact.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(JSONNumber(value))
        } else if let value = try? container.decode(Double.self), let number = JSONNumber(value) {
            self = .number(number)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let number):
            if let value = number.int64Value {
                try container.encode(value)
            } else if number.isInteger, let value = Decimal(string: number.literal) {
                try container.encode(value)
            } else {
                try container.encode(number.doubleValue)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// A JSON number as written, so integers stay integers and big integers keep every digit.
///
/// Two numbers are equal when they denote the same decimal value exactly: `1 == 1.0 == 1e0`,
/// `12345678901234567890 != 12345678901234567891` (even though both round to the same `Double`).
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The number as written in JSON syntax (`-12`, `3.50`, `1e-7`).
    public let literal: String

    /// Creates a number from JSON number syntax, or `nil` when `literal` is not valid JSON number syntax.
    public init?(literal: String) {
        guard JSONNumber.isValidLiteral(Array(literal.utf8)) else { return nil }
        self.literal = literal
    }

    /// Creates an integer number.
    public init(_ value: some BinaryInteger) {
        literal = String(value)
    }

    /// Creates a number from a finite `Double`; `nil` for NaN and infinities, which JSON cannot express.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        literal = "\(value)"
    }

    init(uncheckedLiteral: String) {
        literal = uncheckedLiteral
    }

    /// Whether the literal has neither a fraction nor an exponent.
    public var isInteger: Bool { !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") } }

    /// The value as an `Int64` when it is mathematically an integer in range (`2.0` and `2e0` included).
    public var int64Value: Int64? {
        if isInteger { return Int64(literal) }
        let decimal = canonical
        guard decimal.exponent >= 0, decimal.exponent <= 19 else { return decimal.digits.isEmpty ? 0 : nil }
        let text =
            (decimal.negative ? "-" : "") + String(decoding: decimal.digits, as: UTF8.self)
            + String(repeating: "0", count: decimal.exponent)
        return Int64(text)
    }

    /// The nearest `Double` (big or very precise literals round).
    public var doubleValue: Double { Double(literal) ?? .nan }

    public var description: String { literal }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.literal == rhs.literal || lhs.canonical == rhs.canonical
    }

    /// Sign, significant digits without leading or trailing zeros, and a power-of-ten exponent; zero has no digits.
    struct Canonical: Equatable {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int
    }

    var canonical: Canonical {
        var bytes = Array(literal.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        var exponent = 0
        var inFraction = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte | 0x20 == UInt8(ascii: "e") {
                break
            } else {
                digits.append(byte)
                if inFraction { exponent -= 1 }
            }
            index += 1
        }
        if index < bytes.endIndex {
            var explicit = 0
            var sign = 1
            for byte in bytes[(index + 1)...] {
                switch byte {
                case UInt8(ascii: "-"): sign = -1
                case UInt8(ascii: "+"): break
                default: explicit = min(explicit * 10 + Int(byte - UInt8(ascii: "0")), 1 << 40)
                }
            }
            exponent += sign * explicit
        }
        let leading = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leading)
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return Canonical(negative: false, digits: [], exponent: 0) }
        return Canonical(negative: negative, digits: digits, exponent: exponent)
    }

    /// Whether `bytes` is exactly one number in RFC 8259 syntax.
    static func isValidLiteral(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var parser = JSONParser(raw)
            guard (try? parser.scanNumber()) != nil else { return false }
            return parser.position == raw.count
        }
    }
}
