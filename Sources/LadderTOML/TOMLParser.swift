/// A TOML 1.0 parser that remembers where every key and value was written.
///
/// It works on UTF-8 bytes. Tables are assembled in mutable builders first, because TOML's rules about
/// which tables may be reopened depend on how each table came to exist (a `[header]`, an intermediate
/// of a header, dotted keys, an inline table); the builders are then frozen into ``TOMLTable`` values.
struct TOMLParser {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(text: String, file: String) {
        var bytes = Array(text.utf8)
        // The one place a byte-order mark is skipped: readers hand over the file's text as it is, so a second mark is an error.
        if bytes.starts(with: Self.byteOrderMark) { bytes.removeFirst(3) }
        self.bytes = bytes
        self.file = file
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    // MARK: - Document

    mutating func parseDocument() throws(ManifestError) -> TOMLTable {
        let root = TableBuilder(origin: .root, path: [], position: SourcePosition(line: 1, column: 1))
        var current = root
        if bytes.starts(with: Self.byteOrderMark) {
            throw error(
                "the file starts with two byte-order marks (U+FEFF); remove the second, or save the file as UTF-8 without one"
            )
        }
        while true {
            skipSpaces()
            guard let byte = peek() else { break }
            if byte == UInt8(ascii: "#") {
                try skipComment()
                continue
            }
            if isNewlineStart() {
                try consumeNewline()
                continue
            }
            if byte == UInt8(ascii: "[") {
                current = try parseHeader(root: root)
            } else {
                try parseKeyValue(into: current)
            }
            try expectEndOfLine()
        }
        return root.build()
    }

    private mutating func expectEndOfLine() throws(ManifestError) {
        skipSpaces()
        guard let byte = peek() else { return }
        if byte == UInt8(ascii: "#") {
            try skipComment()
            return
        }
        if isNewlineStart() {
            try consumeNewline()
            return
        }
        throw error("expected the end of the line, found \(describe(index)); put each key = value on its own line")
    }

    private mutating func parseHeader(root: TableBuilder) throws(ManifestError) -> TableBuilder {
        let start = position(index)
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipSpaces()
        let keys = try parseKey()
        skipSpaces()
        guard peek() == UInt8(ascii: "]") else {
            throw error("expected '\(isArray ? "]]" : "]")' to close the table header, found \(describe(index))")
        }
        index += 1
        if isArray {
            guard peek() == UInt8(ascii: "]") else {
                throw error("expected ']]' to close the array-of-tables header, found \(describe(index))")
            }
            index += 1
        }
        let name = keyPath(keys.map(\.name))
        var table = root
        for (offset, key) in keys.dropLast().enumerated() {
            let soFar = keyPath(keys.prefix(offset + 1).map(\.name))
            switch table.slots[key.name] {
            case nil:
                let child = TableBuilder(origin: .implicit, path: table.path + [key.name], position: key.position)
                table.insert(key.name, .table(child), at: key.position)
                table = child
            case .table(let child):
                table = child
            case .tableArray(let elements, _):
                table = elements[elements.count - 1]
            case .value(let value):
                throw error(
                    "cannot define table [\(name)]: '\(soFar)' is already \(value.kindDescription) (line \(value.line))",
                    at: start)
            }
        }
        let last = keys[keys.count - 1]
        if isArray {
            let element = TableBuilder(origin: .header, path: table.path + [last.name], position: start)
            switch table.slots[last.name] {
            case nil:
                table.insert(last.name, .tableArray([element], start), at: last.position)
            case .tableArray(var elements, let first):
                elements.append(element)
                table.slots[last.name] = .tableArray(elements, first)
            case .table(let existing):
                throw error(
                    "cannot define array of tables [[\(name)]]: [\(name)] is already a table (line \(existing.position.line))",
                    at: start)
            case .value(let value):
                throw error(
                    "cannot define array of tables [[\(name)]]: '\(name)' is already \(value.kindDescription) (line \(value.line))",
                    at: start)
            }
            return element
        }
        switch table.slots[last.name] {
        case nil:
            let child = TableBuilder(origin: .header, path: table.path + [last.name], position: start)
            table.insert(last.name, .table(child), at: last.position)
            return child
        case .table(let existing):
            switch existing.origin {
            case .implicit:
                existing.origin = .header
                existing.position = start
                return existing
            case .dotted:
                throw error(
                    "table [\(name)] was already defined by dotted keys (line \(existing.position.line)); keep its keys in one place",
                    at: start)
            case .header, .root, .inline:
                throw error(
                    "table [\(name)] is defined twice (first at line \(existing.position.line)); merge the two",
                    at: start)
            }
        case .tableArray(_, let first):
            throw error(
                "[\(name)] is an array of tables (line \(first.line)); write [[\(name)]] to add an element",
                at: start)
        case .value(let value):
            throw error(
                "cannot define table [\(name)]: '\(name)' is already \(value.kindDescription) (line \(value.line))",
                at: start)
        }
    }

    private mutating func parseKeyValue(into table: TableBuilder) throws(ManifestError) {
        let keys = try parseKey()
        skipSpaces()
        guard peek() == UInt8(ascii: "=") else {
            let name = keyPath(keys.map(\.name))
            if peek() == nil || isNewlineStart() {
                throw error("expected '=' after key '\(name)'; write \(name) = <value>")
            }
            throw error("expected '=' after key '\(name)', found \(describe(index))")
        }
        index += 1
        skipSpaces()
        let value = try parseValue()
        try insert(value, at: keys, into: table)
    }

    private func insert(_ value: TOMLValue, at keys: [Key], into root: TableBuilder) throws(ManifestError) {
        var table = root
        for (offset, key) in keys.dropLast().enumerated() {
            let soFar = keyPath(table.path + keys.prefix(offset + 1).map(\.name))
            switch table.slots[key.name] {
            case nil:
                let child = TableBuilder(origin: .dotted, path: table.path + [key.name], position: key.position)
                table.insert(key.name, .table(child), at: key.position)
                table = child
            case .table(let child) where child.origin == .dotted:
                table = child
            case .table(let child):
                throw error(
                    "cannot add to table [\(soFar)] with dotted keys: it was defined at line \(child.position.line); put the key under that header",
                    at: key.position)
            case .tableArray(_, let first):
                throw error(
                    "cannot add to '\(soFar)' with dotted keys: it is an array of tables (line \(first.line))",
                    at: key.position)
            case .value(let existing):
                throw error(
                    "cannot use '\(soFar)' as a table: it is already \(existing.kindDescription) (line \(existing.line))",
                    at: key.position)
            }
        }
        let last = keys[keys.count - 1]
        if let existing = table.keyPositions[last.name] {
            let full = keyPath(table.path + [last.name])
            throw error(
                "duplicate key '\(full)' (first defined at line \(existing.line)); remove one of them",
                at: last.position)
        }
        table.insert(last.name, .value(value), at: last.position)
    }

    // MARK: - Keys

    struct Key {
        var name: String
        var position: SourcePosition
    }

    private mutating func parseKey() throws(ManifestError) -> [Key] {
        var keys = [try parseSimpleKey()]
        while true {
            let save = index
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else {
                index = save
                return keys
            }
            index += 1
            skipSpaces()
            keys.append(try parseSimpleKey())
        }
    }

    private mutating func parseSimpleKey() throws(ManifestError) -> Key {
        let start = position(index)
        guard let byte = peek() else { throw error("expected a key, found the end of the file") }
        if byte == UInt8(ascii: "\"") {
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                throw error("a key cannot be a multi-line string")
            }
            return Key(name: try parseBasicString(), position: start)
        }
        if byte == UInt8(ascii: "'") {
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                throw error("a key cannot be a multi-line string")
            }
            return Key(name: try parseLiteralString(), position: start)
        }
        let begin = index
        while let byte = peek(), Self.isBareKeyByte(byte) { index += 1 }
        guard index > begin else {
            throw error("expected a key (letters, digits, '_' and '-', or a quoted string), found \(describe(index))")
        }
        return Key(name: String(decoding: bytes[begin..<index], as: UTF8.self), position: start)
    }

    private func keyPath(_ names: [String]) -> String {
        names.map(TOMLEncoding.key).joined(separator: ".")
    }

    // MARK: - Values

    private mutating func parseValue() throws(ManifestError) -> TOMLValue {
        let start = position(index)
        guard let byte = peek(), !isNewlineStart() else {
            throw error(
                "expected a value (string, number, boolean, date, array or inline table), found \(describe(index))")
        }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                return .string(try parseMultilineString(literal: false), at: start)
            }
            return .string(try parseBasicString(), at: start)
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                return .string(try parseMultilineString(literal: true), at: start)
            }
            return .string(try parseLiteralString(), at: start)
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "{"):
            return try parseInlineTable()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let word = byte == UInt8(ascii: "t") ? "true" : "false"
            if matches(word), !isTokenByte(peek(word.utf8.count)) {
                index += word.utf8.count
                return .boolean(word == "true", at: start)
            }
            throw error("expected a value, found \(describeToken()); strings need quotes, booleans are true or false")
        default:
            return try parseNumberOrDate()
        }
    }

    private mutating func parseArray() throws(ManifestError) -> TOMLValue {
        let start = position(index)
        index += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlankAndComments()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(items, at: start)
            }
            if peek() == nil {
                throw error("unterminated array (opened at line \(start.line)); expected ']'")
            }
            if startsKey(arrayLine: start.line) {
                throw error("the array opened on line \(start.line) is not closed; add ']' after its last element")
            }
            items.append(try parseValue())
            try skipBlankAndComments()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items, at: start)
            case nil:
                throw error("unterminated array (opened at line \(start.line)); expected ']'")
            default:
                if startsKey(arrayLine: start.line) {
                    throw error("the array opened on line \(start.line) is not closed; add ']' after its last element")
                }
                throw error("expected ',' or ']' in the array, found \(describe(index))")
            }
        }
    }

    /// Whether a line after the one an array opened on starts with `key =`: no value is followed by `=`, so the
    /// array was left open rather than holding a bad value. (A `[table]` header is not recognized: `[a]` may be
    /// a nested array.)
    private func startsKey(arrayLine: Int) -> Bool {
        guard line > arrayLine,
            bytes[lineStart..<index].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        else {
            return false
        }
        // A bare or dotted key, then `=`.
        var cursor = index
        var sawKey = false
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if Self.isBareKeyByte(byte) {
                sawKey = true
            } else if byte != UInt8(ascii: ".") && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                break
            }
            cursor += 1
        }
        return sawKey && cursor < bytes.count && bytes[cursor] == UInt8(ascii: "=")
    }

    private mutating func parseInlineTable() throws(ManifestError) -> TOMLValue {
        let start = position(index)
        index += 1
        let table = TableBuilder(origin: .inline, path: [], position: start)
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .table(table.build())
        }
        while true {
            skipSpaces()
            if peek() == nil || isNewlineStart() {
                throw error("an inline table must be on one line; expected a key or '}', found \(describe(index))")
            }
            let keys = try parseKey()
            skipSpaces()
            guard peek() == UInt8(ascii: "=") else {
                throw error("expected '=' after key '\(keyPath(keys.map(\.name)))', found \(describe(index))")
            }
            index += 1
            skipSpaces()
            let value = try parseValue()
            try insert(value, at: keys, into: table)
            skipSpaces()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                skipSpaces()
                if peek() == UInt8(ascii: "}") {
                    throw error("a trailing comma is not allowed in an inline table; remove it")
                }
            case UInt8(ascii: "}"):
                index += 1
                return .table(table.build())
            default:
                if peek() == nil || isNewlineStart() {
                    throw error("an inline table must be on one line; expected ',' or '}', found \(describe(index))")
                }
                throw error("expected ',' or '}' in the inline table, found \(describe(index))")
            }
        }
    }

    // MARK: - Strings

    private mutating func parseBasicString() throws(ManifestError) -> String {
        let start = position(index)
        index += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("unterminated string (opened at line \(start.line), column \(start.column)); expected '\"'")
            }
            if isNewlineStart() {
                throw error(
                    "unterminated string: expected '\"' before the end of the line (use \"\"\" for multi-line strings)")
            }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            default:
                try checkAllowedInString(byte)
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseLiteralString() throws(ManifestError) -> String {
        let start = position(index)
        index += 1
        let begin = index
        while true {
            guard let byte = peek() else {
                throw error(
                    "unterminated string (opened at line \(start.line), column \(start.column)); expected \"'\"")
            }
            if isNewlineStart() {
                throw error(
                    "unterminated string: expected \"'\" before the end of the line (use ''' for multi-line strings)")
            }
            if byte == UInt8(ascii: "'") {
                let text = String(decoding: bytes[begin..<index], as: UTF8.self)
                index += 1
                return text
            }
            try checkAllowedInString(byte)
            index += 1
        }
    }

    private mutating func parseMultilineString(literal: Bool) throws(ManifestError) -> String {
        let start = position(index)
        let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        index += 3
        if isNewlineStart() { try consumeNewline() }
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else {
                let delimiter = literal ? "'''" : "\"\"\""
                throw error("unterminated multi-line string (opened at line \(start.line)); expected \(delimiter)")
            }
            if byte == quote {
                var run = 0
                while peek(run) == quote { run += 1 }
                if run >= 3 {
                    if run > 5 {
                        throw error(
                            "too many quotes at the end of a multi-line string; escape some of them",
                            at: position(index + 5))
                    }
                    out.append(contentsOf: repeatElement(quote, count: run - 3))
                    index += run
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(contentsOf: repeatElement(quote, count: run))
                index += run
                continue
            }
            if isNewlineStart() {
                try consumeNewline()
                out.append(UInt8(ascii: "\n"))
                continue
            }
            if !literal, byte == UInt8(ascii: "\\") {
                var look = 1
                while peek(look) == UInt8(ascii: " ") || peek(look) == UInt8(ascii: "\t") { look += 1 }
                if peek(look) == UInt8(ascii: "\n")
                    || (peek(look) == UInt8(ascii: "\r") && peek(look + 1) == UInt8(ascii: "\n"))
                {
                    index += look
                    while true {
                        if peek() == UInt8(ascii: " ") || peek() == UInt8(ascii: "\t") {
                            index += 1
                        } else if isNewlineStart() {
                            try consumeNewline()
                        } else {
                            break
                        }
                    }
                    continue
                }
                try parseEscape(into: &out)
                continue
            }
            try checkAllowedInString(byte)
            out.append(byte)
            index += 1
        }
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws(ManifestError) {
        let escapeStart = index
        index += 1
        guard let code = peek() else { throw error("unterminated escape sequence at the end of the file") }
        index += 1
        let simple: UInt8? =
            switch code {
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "t"): 0x09
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            default: nil
            }
        if let simple {
            out.append(simple)
            return
        }
        guard code == UInt8(ascii: "u") || code == UInt8(ascii: "U") else {
            index = escapeStart
            throw error(
                "invalid escape sequence \\\(describeByte(code)); valid ones are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX (or use a 'literal string')"
            )
        }
        let length = code == UInt8(ascii: "u") ? 4 : 8
        var value: UInt32 = 0
        for offset in 0..<length {
            guard let digit = peek(offset), let hex = Self.hexValue(digit) else {
                index = escapeStart
                throw error(
                    "\\\(code == UInt8(ascii: "u") ? "u" : "U") must be followed by exactly \(length) hexadecimal digits"
                )
            }
            value = value << 4 | UInt32(hex)
        }
        guard let scalar = Unicode.Scalar(value) else {
            index = escapeStart
            throw error(
                "escape sequence names U+\(String(value, radix: 16, uppercase: true)), which is not a Unicode scalar value"
            )
        }
        index += length
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    private func checkAllowedInString(_ byte: UInt8) throws(ManifestError) {
        if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw error(
                "control character U+\(String(format4: byte)) is not allowed in a string; write it as an escape like \\u\(String(format4: byte))"
            )
        }
    }

    // MARK: - Numbers and dates

    private func isTokenByte(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return Self.isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: ":")
    }

    private mutating func parseNumberOrDate() throws(ManifestError) -> TOMLValue {
        let start = position(index)
        let begin = index
        while isTokenByte(peek()) { index += 1 }
        // A date and a time may be separated by one space: "1979-05-27 07:32:00".
        if index - begin == 10, bytes[begin + 4] == UInt8(ascii: "-"), peek() == UInt8(ascii: " "),
            let h1 = peek(1), let h2 = peek(2), Self.isDigit(h1), Self.isDigit(h2), peek(3) == UInt8(ascii: ":")
        {
            index += 1
            while isTokenByte(peek()) { index += 1 }
        }
        guard index > begin else {
            throw error(
                "expected a value (string, number, boolean, date, array or inline table), found \(describe(index))")
        }
        let token = String(decoding: bytes[begin..<index], as: UTF8.self)
        let tokenBytes = Array(bytes[begin..<index])
        if let kind = TOMLDateParser.kind(of: tokenBytes) {
            return .dateTime(TOMLDateTime(kind: kind, text: token), at: start)
        }
        if tokenBytes.contains(UInt8(ascii: ":"))
            || (tokenBytes.count >= 8 && tokenBytes[4] == UInt8(ascii: "-") && Self.isDigit(tokenBytes[0]))
        {
            throw error(
                "invalid date or time '\(token)'; write dates as 1979-05-27, times as 07:32:00, date-times as 1979-05-27T07:32:00Z",
                at: start)
        }
        switch token {
        case "inf", "+inf": return .float(.infinity, at: start)
        case "-inf": return .float(-.infinity, at: start)
        case "nan", "+nan", "-nan": return .float(.nan, at: start)
        default: break
        }
        let firstDigit = tokenBytes.first { $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }
        guard let firstDigit, Self.isDigit(firstDigit) || firstDigit == UInt8(ascii: ".") else {
            throw error(
                "expected a value, found \(quotedToken(token)); strings need quotes, like \"\(token)\"", at: start)
        }
        if tokenBytes.count > 2, tokenBytes[0] == UInt8(ascii: "0") {
            let radix: Int? =
                switch tokenBytes[1] {
                case UInt8(ascii: "x"): 16
                case UInt8(ascii: "o"): 8
                case UInt8(ascii: "b"): 2
                default: nil
                }
            if let radix {
                return .integer(try radixInteger(tokenBytes, token: token, radix: radix, at: start), at: start)
            }
        }
        let isFloat = tokenBytes.contains {
            $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
        }
        if isFloat {
            return .float(try decimalFloat(tokenBytes, token: token, at: start), at: start)
        }
        return .integer(try decimalInteger(tokenBytes, token: token, at: start), at: start)
    }

    private func radixInteger(_ token: [UInt8], token text: String, radix: Int, at start: SourcePosition)
        throws(ManifestError) -> Int
    {
        let digits = Array(token.dropFirst(2))
        guard !digits.isEmpty,
            underscoresAreBetweenDigits(digits, isDigit: { Self.digitValue($0, radix: radix) != nil })
        else {
            throw error(
                "invalid integer '\(text)': expected base-\(radix) digits after '\(String(decoding: token.prefix(2), as: UTF8.self))'",
                at: start)
        }
        let clean = String(decoding: digits.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Int(clean, radix: radix) else {
            throw error("integer '\(text)' does not fit in 64 bits", at: start)
        }
        return value
    }

    private func decimalInteger(_ token: [UInt8], token text: String, at start: SourcePosition) throws(ManifestError)
        -> Int
    {
        var digits = token[...]
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, underscoresAreBetweenDigits(Array(digits), isDigit: Self.isDigit) else {
            throw error(
                "invalid number \(quotedToken(text)); write integers like 42, -17, 1_000 or 0xff, and put strings in quotes",
                at: start)
        }
        if digits.count > 1, digits.first == UInt8(ascii: "0") {
            throw error("invalid integer '\(text)': leading zeros are not allowed", at: start)
        }
        guard let value = Int(String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)) else {
            throw error("integer '\(text)' does not fit in 64 bits", at: start)
        }
        return value
    }

    private func decimalFloat(_ token: [UInt8], token text: String, at start: SourcePosition) throws(ManifestError)
        -> Double
    {
        let invalid = error("invalid float '\(text)'; write floats like 3.14, -0.5, 1e6 or 6.626e-34", at: start)
        var rest = token[...]
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
        let exponentIndex = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = exponentIndex.map { rest[rest.startIndex..<$0] } ?? rest
        let integerPart: ArraySlice<UInt8>
        if let dot = mantissa.firstIndex(of: UInt8(ascii: ".")) {
            integerPart = mantissa[mantissa.startIndex..<dot]
            let fraction = mantissa[(dot + 1)...]
            guard !fraction.isEmpty, underscoresAreBetweenDigits(Array(fraction), isDigit: Self.isDigit) else {
                throw invalid
            }
        } else {
            integerPart = mantissa
            guard exponentIndex != nil else { throw invalid }
        }
        guard !integerPart.isEmpty, underscoresAreBetweenDigits(Array(integerPart), isDigit: Self.isDigit) else {
            throw invalid
        }
        if integerPart.count > 1, integerPart.first == UInt8(ascii: "0") {
            throw error("invalid float '\(text)': leading zeros are not allowed", at: start)
        }
        if let exponentIndex {
            var exponent = rest[(exponentIndex + 1)...]
            if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponent = exponent.dropFirst()
            }
            guard !exponent.isEmpty, underscoresAreBetweenDigits(Array(exponent), isDigit: Self.isDigit) else {
                throw invalid
            }
        }
        guard let value = Double(String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)) else {
            throw invalid
        }
        return value
    }

    private func underscoresAreBetweenDigits(_ digits: [UInt8], isDigit: (UInt8) -> Bool) -> Bool {
        for (offset, byte) in digits.enumerated() {
            if byte == UInt8(ascii: "_") {
                guard offset > 0, offset < digits.count - 1, isDigit(digits[offset - 1]), isDigit(digits[offset + 1])
                else {
                    return false
                }
            } else if !isDigit(byte) {
                return false
            }
        }
        return true
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func hexValue(_ byte: UInt8) -> Int? { digitValue(byte, radix: 16) }

    static func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        let value: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }

    // MARK: - Whitespace, comments, newlines

    private func peek(_ offset: Int = 0) -> UInt8? {
        let at = index + offset
        return at < bytes.count ? bytes[at] : nil
    }

    private func matches(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count else { return false }
        return bytes[index..<(index + utf8.count)].elementsEqual(utf8)
    }

    private func isNewlineStart() -> Bool {
        peek() == UInt8(ascii: "\n") || (peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n"))
    }

    private mutating func skipSpaces() {
        while peek() == UInt8(ascii: " ") || peek() == UInt8(ascii: "\t") { index += 1 }
    }

    private mutating func consumeNewline() throws(ManifestError) {
        if peek() == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else {
                throw error("a carriage return must be followed by a line feed")
            }
            index += 1
        }
        index += 1
        line += 1
        lineStart = index
    }

    private mutating func skipComment() throws(ManifestError) {
        index += 1
        while let byte = peek(), !isNewlineStart() {
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                throw error("control character U+\(String(format4: byte)) is not allowed in a comment")
            }
            index += 1
        }
    }

    private mutating func skipBlankAndComments() throws(ManifestError) {
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: "#") {
                try skipComment()
            } else if isNewlineStart() {
                try consumeNewline()
            } else {
                return
            }
        }
    }

    // MARK: - Positions and errors

    private func position(_ at: Int) -> SourcePosition {
        var column = 1
        var cursor = lineStart
        while cursor < at && cursor < bytes.count {
            if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        if cursor < at { column += at - cursor }
        return SourcePosition(line: line, column: column)
    }

    private func error(_ message: String, at where: SourcePosition? = nil) -> ManifestError {
        let place = `where` ?? position(index)
        return ManifestError(file: file, line: place.line, column: place.column, message: message)
    }

    private func describe(_ at: Int) -> String {
        guard at < bytes.count else { return "the end of the file" }
        if isNewline(at: at) { return "the end of the line" }
        if bytes[at] >= 0x80 {
            // Show the whole character the byte starts, not a stray byte.
            return "'" + String(String(decoding: bytes[at..<min(at + 4, bytes.count)], as: UTF8.self).prefix(1)) + "'"
        }
        return "'\(describeByte(bytes[at]))'"
    }

    private func isNewline(at: Int) -> Bool {
        bytes[at] == UInt8(ascii: "\n")
            || (bytes[at] == UInt8(ascii: "\r") && at + 1 < bytes.count && bytes[at + 1] == UInt8(ascii: "\n"))
    }

    private func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "U+" + String(format4: byte)
    }

    private func describeToken() -> String {
        var end = index
        while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
        return quotedToken(String(decoding: bytes[index..<max(end, index + 1)], as: UTF8.self))
    }

    private func quotedToken(_ text: String) -> String { "'\(text)'" }
}

extension String {
    /// `byte` as four uppercase hexadecimal digits.
    fileprivate init(format4 byte: UInt8) {
        let hex = String(byte, radix: 16, uppercase: true)
        self = String(repeating: "0", count: 4 - hex.count) + hex
    }
}

/// A table under construction, with how it came to exist (which decides whether it may be reopened).
final class TableBuilder {
    enum Origin {
        case root
        /// Made as a prefix of a `[header]`; a later `[header]` of its own may define it.
        case implicit
        /// Defined by a `[header]` or an `[[array]]` element.
        case header
        /// Made by dotted keys (`a.b = 1`); only more dotted keys in the same place may extend it.
        case dotted
        case inline
    }

    enum Slot {
        case value(TOMLValue)
        case table(TableBuilder)
        case tableArray([TableBuilder], SourcePosition)
    }

    var origin: Origin
    let path: [String]
    var position: SourcePosition
    private(set) var order: [String] = []
    var slots: [String: Slot] = [:]
    private(set) var keyPositions: [String: SourcePosition] = [:]

    init(origin: Origin, path: [String], position: SourcePosition) {
        self.origin = origin
        self.path = path
        self.position = position
    }

    func insert(_ key: String, _ slot: Slot, at position: SourcePosition) {
        order.append(key)
        slots[key] = slot
        keyPositions[key] = position
    }

    func build() -> TOMLTable {
        let entries = order.map { key -> (key: String, entry: TOMLTable.Entry) in
            let value: TOMLValue =
                switch slots[key]! {
                case .value(let value): value
                case .table(let table): .table(table.build())
                case .tableArray(let tables, let at): .array(tables.map { .table($0.build()) }, at: at)
                }
            return (key, TOMLTable.Entry(keyPosition: keyPositions[key]!, value: value))
        }
        return TOMLTable(position: position, entries: entries)
    }
}

/// Recognizes RFC 3339 dates and times as TOML allows them.
enum TOMLDateParser {
    static func kind(of token: [UInt8]) -> TOMLDateTime.Kind? {
        if token.count >= 10, isDate(token[0..<10]) {
            if token.count == 10 { return .localDate }
            let separator = token[10]
            guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
            else {
                return nil
            }
            let rest = token[11...]
            guard let timeLength = timeLength(rest) else { return nil }
            let offset = rest.dropFirst(timeLength)
            if offset.isEmpty { return .localDateTime }
            return isOffset(offset) ? .offsetDateTime : nil
        }
        if let length = timeLength(token[...]), length == token.count { return .localTime }
        return nil
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard TOMLParser.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDate(_ text: ArraySlice<UInt8>) -> Bool {
        let s = text.startIndex
        guard text[s + 4] == UInt8(ascii: "-"), text[s + 7] == UInt8(ascii: "-"),
            let year = number(text[s..<(s + 4)]), let month = number(text[(s + 5)..<(s + 7)]),
            let day = number(text[(s + 8)..<(s + 10)]), (1...12).contains(month)
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// The length of the `HH:MM:SS[.fraction]` at the start of `text`, if there is one.
    private static func timeLength(_ text: ArraySlice<UInt8>) -> Int? {
        let s = text.startIndex
        guard text.count >= 8, text[s + 2] == UInt8(ascii: ":"), text[s + 5] == UInt8(ascii: ":"),
            let hour = number(text[s..<(s + 2)]), let minute = number(text[(s + 3)..<(s + 5)]),
            let second = number(text[(s + 6)..<(s + 8)]), hour < 24, minute < 60, second <= 60
        else { return nil }
        var length = 8
        if text.count > 8, text[s + 8] == UInt8(ascii: ".") {
            var digits = 0
            while s + 9 + digits < text.endIndex, TOMLParser.isDigit(text[s + 9 + digits]) { digits += 1 }
            guard digits > 0 else { return nil }
            length = 9 + digits
        }
        return length
    }

    private static func isOffset(_ text: ArraySlice<UInt8>) -> Bool {
        if text.count == 1 { return text.first == UInt8(ascii: "Z") || text.first == UInt8(ascii: "z") }
        let s = text.startIndex
        guard text.count == 6, text[s] == UInt8(ascii: "+") || text[s] == UInt8(ascii: "-"),
            text[s + 3] == UInt8(ascii: ":"),
            let hour = number(text[(s + 1)..<(s + 3)]), let minute = number(text[(s + 4)..<(s + 6)])
        else { return false }
        return hour < 24 && minute < 60
    }
}
