import LadderText

/// A TOML value together with the place in the file where it starts.
///
/// Dates and times are kept as their text (validated, not converted): manifests only ever pass them through.
public enum TOMLValue: Sendable, Equatable {
    case string(String, at: SourcePosition)
    case integer(Int, at: SourcePosition)
    case float(Double, at: SourcePosition)
    case boolean(Bool, at: SourcePosition)
    case dateTime(TOMLDateTime, at: SourcePosition)
    case array([TOMLValue], at: SourcePosition)
    case table(TOMLTable)

    /// Where the value starts (for a table: its header, or its opening brace when inline).
    public var position: SourcePosition {
        switch self {
        case .string(_, let at), .integer(_, let at), .float(_, let at), .boolean(_, let at),
            .dateTime(_, let at), .array(_, let at):
            at
        case .table(let table): table.position
        }
    }

    /// The 1-based line where the value starts.
    public var line: Int { position.line }

    /// The kind of value with an article, for messages: "a string", "an integer", "an array".
    public var kindDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .dateTime: "a date-time"
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// A short rendering of the value as it would appear in TOML, for "got ..." in messages.
    public var shortDescription: String {
        switch self {
        case .string(let text, _):
            let clipped = text.count > 40 ? String(text.prefix(37)) + "..." : text
            return TOMLEncoding.quoted(clipped)
        case .integer(let value, _): return String(value)
        case .float(let value, _):
            if value.isNaN { return "nan" }
            if value.isInfinite { return value < 0 ? "-inf" : "inf" }
            return String(value)
        case .boolean(let value, _): return value ? "true" : "false"
        case .dateTime(let value, _): return value.text
        case .array(let items, _):
            if items.isEmpty { return "[]" }
            let shown = items.prefix(3).map(\.shortDescription).joined(separator: ", ")
            return items.count > 3 ? "[\(shown), ...]" : "[\(shown)]"
        case .table: return "a table"
        }
    }

    public var stringValue: String? {
        if case .string(let value, _) = self { value } else { nil }
    }

    public var integerValue: Int? {
        if case .integer(let value, _) = self { value } else { nil }
    }

    public var booleanValue: Bool? {
        if case .boolean(let value, _) = self { value } else { nil }
    }

    /// The number as a `Double`, for floats and integers alike.
    public var doubleValue: Double? {
        switch self {
        case .float(let value, _): value
        case .integer(let value, _): Double(value)
        default: nil
        }
    }

    public var arrayValue: [TOMLValue]? {
        if case .array(let value, _) = self { value } else { nil }
    }

    public var tableValue: TOMLTable? {
        if case .table(let value) = self { value } else { nil }
    }
}

/// A TOML date, time or date-time, kept as the text it was written as.
public struct TOMLDateTime: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case offsetDateTime = "offset-date-time"
        case localDateTime = "local-date-time"
        case localDate = "local-date"
        case localTime = "local-time"
    }

    public var kind: Kind
    /// The text exactly as written in the document.
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A TOML table: keys in document order, each with the position of its key and its value.
public struct TOMLTable: Sendable, Equatable {
    /// An entry: where its key was written, and its value.
    public struct Entry: Sendable, Equatable {
        public var keyPosition: SourcePosition
        public var value: TOMLValue
    }

    /// Where the table starts: its `[header]`, its `{` when inline, its first key when made by dotted keys,
    /// or 1:1 for the document's root.
    public let position: SourcePosition
    /// The keys in the order they were first written.
    public let keys: [String]
    private let storage: [String: Entry]

    /// Makes a table from entries in order; a repeated key keeps its first entry.
    public init(position: SourcePosition, entries: [(key: String, entry: Entry)]) {
        var keys: [String] = []
        var storage: [String: Entry] = [:]
        for (key, entry) in entries where storage[key] == nil {
            keys.append(key)
            storage[key] = entry
        }
        self.position = position
        self.keys = keys
        self.storage = storage
    }

    /// The value under `key`, if there is one.
    public func value(_ key: String) -> TOMLValue? { storage[key]?.value }

    public subscript(key: String) -> TOMLValue? { storage[key]?.value }

    /// The entry under `key`: its value and where the key was written.
    public func entry(_ key: String) -> Entry? { storage[key] }

    /// Where `key` was written.
    public func position(of key: String) -> SourcePosition? { storage[key]?.keyPosition }

    /// The line where `key` was written.
    public func line(of key: String) -> Int? { storage[key]?.keyPosition.line }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The entries in document order.
    public var entries: [(key: String, value: TOMLValue)] {
        keys.map { ($0, storage[$0]!.value) }
    }
}

/// A parsed TOML document.
public struct TOMLDocument: Sendable, Equatable {
    /// The file name given to ``parse(_:file:)``; errors name it.
    public let file: String
    public let root: TOMLTable

    public init(file: String, root: TOMLTable) {
        self.file = file
        self.root = root
    }

    /// Parses TOML 1.0 text.
    ///
    /// - Parameter file: the name errors use for this text, usually a path relative to the catalog root.
    /// - Throws: ``ManifestError`` naming the line and column and what was expected there.
    public static func parse(_ text: String, file: String) throws(ManifestError) -> TOMLDocument {
        var parser = TOMLParser(text: text, file: file)
        return TOMLDocument(file: file, root: try parser.parseDocument())
    }
}

/// Writing TOML text.
public enum TOMLEncoding {
    /// `text` as a TOML basic string, with quotes and escapes (JSON's, which TOML reads: ``QuotedString``).
    public static func quoted(_ text: String) -> String {
        QuotedString.json(text)
    }

    /// `key` as written in TOML: bare when it can be, quoted otherwise.
    public static func key(_ key: String) -> String {
        isBareKey(key) ? key : quoted(key)
    }

    /// Whether `key` can be written without quotes.
    public static func isBareKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { TOMLParser.isBareKeyByte($0) }
    }
}
