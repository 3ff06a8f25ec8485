import Foundation
import LadderText

/// Why a text is not JSON, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset of the problem in the input.
    public let offset: Int
    /// One-based line and column (in bytes) of the problem.
    public let line: Int
    public let column: Int
    /// What was wrong, without the position.
    public let reason: String

    public var description: String {
        line > 1
            ? "invalid JSON at line \(line), column \(column) (byte \(offset)): \(reason)"
            : "invalid JSON at byte \(offset): \(reason)"
    }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects accepted; deeper input is rejected instead of exhausting the stack.
    public static let maximumDepth = 200

    /// Parses one JSON value (RFC 8259) from UTF-8 bytes, with surrounding whitespace allowed.
    ///
    /// Numbers keep their literal text; duplicate object keys keep the last value.
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses one JSON value from bytes that need not be copied first.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes)
        return try parser.parseDocument()
    }

    /// Parses one JSON value from text.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Data(text.utf8))
    }
}

/// A recursive-descent parser over raw bytes that reports byte offsets.
struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    var depth = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if position == bytes.count {
            throw error(bytes.isEmpty ? "the input is empty" : "the input is only whitespace")
        }
        let value = try parseValue()
        skipWhitespace()
        if position != bytes.count {
            throw error("unexpected \(describeByte(at: position)) after the end of the JSON value")
        }
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            try scanNumber()
            return .number(JSONNumber(uncheckedLiteral: String(decoding: bytes[start..<position], as: UTF8.self)))
        default:
            throw error("unexpected \(describeByte(at: position)), expected a value")
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else {
                throw error(
                    position == bytes.count
                        ? "unexpected end of input, expected a key in quotes"
                        : "unexpected \(describeByte(at: position)), expected a key in quotes")
            }
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error(expecting: "':' after the key") }
            position += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                position += 1
            } else if peek(UInt8(ascii: "}")) {
                position += 1
                depth -= 1
                return .object(members)
            } else {
                throw error(expecting: "',' or '}' after an object member")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            position += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                position += 1
            } else if peek(UInt8(ascii: "]")) {
                position += 1
                depth -= 1
                return .array(items)
            } else {
                throw error(expecting: "',' or ']' after an array element")
            }
        }
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > JSONValue.maximumDepth {
            throw error("nesting deeper than \(JSONValue.maximumDepth) levels")
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let open = position
        position += 1
        var result = ""
        var runStart = position
        while true {
            guard position < bytes.count else {
                position = open
                throw error("unterminated string")
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                try appendRun(from: runStart, to: position, into: &result)
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return result
                }
                if byte < 0x20 {
                    throw error("control character \\x\(TextPreview.hexByte(byte)) inside a string (escape it)")
                }
                try appendEscape(into: &result)
                runStart = position
            } else {
                position += 1
            }
        }
    }

    private func appendRun(from start: Int, to end: Int, into result: inout String) throws(JSONParseError) {
        guard start < end else { return }
        let run = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        guard let text = String(validating: run, as: UTF8.self) else {
            let bad = start + (TextPreview.firstInvalidUTF8Offset(run) ?? 0)
            throw JSONParser.error(in: bytes, at: bad, "a string is not valid UTF-8")
        }
        result += text
    }

    private mutating func appendEscape(into result: inout String) throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error("unterminated escape sequence") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): result += "\""
        case UInt8(ascii: "\\"): result += "\\"
        case UInt8(ascii: "/"): result += "/"
        case UInt8(ascii: "b"): result += "\u{08}"
        case UInt8(ascii: "f"): result += "\u{0C}"
        case UInt8(ascii: "n"): result += "\n"
        case UInt8(ascii: "r"): result += "\r"
        case UInt8(ascii: "t"): result += "\t"
        case UInt8(ascii: "u"):
            let first = try hexQuad(escapeStart)
            var value = UInt32(first)
            if (0xD800..<0xDC00).contains(first) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else {
                    throw JSONParser.error(
                        in: bytes, at: escapeStart,
                        "lone surrogate \\u\(String(first, radix: 16)) (needs a low surrogate after it)")
                }
                let lowStart = position
                position += 2
                let second = try hexQuad(lowStart)
                guard (0xDC00..<0xE000).contains(second) else {
                    throw JSONParser.error(
                        in: bytes, at: lowStart, "\\u\(String(second, radix: 16)) is not a low surrogate")
                }
                value = 0x10000 + (UInt32(first) - 0xD800) << 10 + (UInt32(second) - 0xDC00)
            } else if (0xDC00..<0xE000).contains(first) {
                throw JSONParser.error(in: bytes, at: escapeStart, "lone low surrogate \\u\(String(first, radix: 16))")
            }
            result.unicodeScalars.append(Unicode.Scalar(value)!)
        default:
            throw JSONParser.error(in: bytes, at: escapeStart, "invalid escape \\\(describeRaw(byte))")
        }
    }

    private mutating func hexQuad(_ escapeStart: Int) throws(JSONParseError) -> UInt16 {
        guard position + 4 <= bytes.count,
            let value = UInt16(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
        else {
            throw JSONParser.error(in: bytes, at: escapeStart, "\\u must be followed by four hex digits")
        }
        position += 4
        return value
    }

    /// Scans `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` starting at `position`.
    mutating func scanNumber() throws(JSONParseError) {
        if peek(UInt8(ascii: "-")) { position += 1 }
        guard let first = current, isDigit(first) else { throw error(expecting: "a digit") }
        position += 1
        if first == UInt8(ascii: "0"), let next = current, isDigit(next) {
            throw error("a number must not start with 0 followed by more digits")
        }
        skipDigits()
        if peek(UInt8(ascii: ".")) {
            position += 1
            guard let next = current, isDigit(next) else { throw error(expecting: "a digit after the decimal point") }
            skipDigits()
        }
        if let next = current, next | 0x20 == UInt8(ascii: "e") {
            position += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { position += 1 }
            guard let digit = current, isDigit(digit) else { throw error(expecting: "a digit in the exponent") }
            skipDigits()
        }
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { position += 1 }
    }

    private func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let matches =
            position + count <= bytes.count
            && (0..<count).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard matches else { throw error("unexpected \(describeByte(at: position)), expected a value") }
        position += count
    }

    private func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        return "'\(describeRaw(bytes[offset]))'"
    }

    private func describeRaw(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + TextPreview.hexByte(byte)
    }

    private func error(expecting what: String) -> JSONParseError {
        error(
            position == bytes.count
                ? "unexpected end of input, expected \(what)"
                : "unexpected \(describeByte(at: position)), expected \(what)")
    }

    private func error(_ reason: String) -> JSONParseError {
        JSONParser.error(in: bytes, at: position, reason)
    }

    static func error(in bytes: UnsafeRawBufferPointer, at offset: Int, _ reason: String) -> JSONParseError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONParseError(offset: offset, line: line, column: offset - lineStart + 1, reason: reason)
    }
}
