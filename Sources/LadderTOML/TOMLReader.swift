/// A value being decoded, with what an error about it must name: the file, the field path and the line.
public struct TOMLField: Sendable {
    public let value: TOMLValue
    public let file: String
    /// The path of this value in the document, such as `stages[1].points`.
    public let path: String

    public init(value: TOMLValue, file: String, path: String) {
        self.value = value
        self.file = file
        self.path = path
    }

    public var line: Int { value.line }

    /// An error about this value.
    public func error(_ message: String) -> ManifestError {
        ManifestError(file: file, line: value.line, field: path, message: message)
    }

    /// The error "expected `what`, got `value`".
    public func expected(_ what: String) -> ManifestError {
        error("expected \(what), got \(value.shortDescription)")
    }

    public func string() throws(ManifestError) -> String {
        guard let text = value.stringValue else { throw expected("a string") }
        return text
    }

    /// A string that is not empty and not only whitespace.
    public func nonEmptyString() throws(ManifestError) -> String {
        let text = try string()
        guard text.contains(where: { !$0.isWhitespace }) else { throw error("must not be empty") }
        return text
    }

    public func integer() throws(ManifestError) -> Int {
        guard let number = value.integerValue else { throw expected("an integer") }
        return number
    }

    /// An integer within `range`; the error states the range.
    public func integer(in range: ClosedRange<Int>) throws(ManifestError) -> Int {
        guard let number = value.integerValue else { throw expected(Self.describe(range)) }
        guard range.contains(number) else { throw expected(Self.describe(range)) }
        return number
    }

    public func boolean() throws(ManifestError) -> Bool {
        guard let flag = value.booleanValue else { throw expected("true or false") }
        return flag
    }

    public func double() throws(ManifestError) -> Double {
        guard let number = value.doubleValue else { throw expected("a number") }
        return number
    }

    /// The elements of an array, each as a field with its index in the path.
    public func array() throws(ManifestError) -> [TOMLField] {
        guard let items = value.arrayValue else { throw expected("an array") }
        return items.enumerated().map { TOMLField(value: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// A reader over this value when it is a table.
    public func table() throws(ManifestError) -> TOMLReader {
        guard let table = value.tableValue else { throw expected("a table") }
        return TOMLReader(table: table, file: file, path: path)
    }

    /// A non-empty array of non-empty strings, such as a command line.
    public func command() throws(ManifestError) -> [String] {
        guard let items = value.arrayValue else {
            throw expected("a command as an array of strings, like [\"python3\", \"main.py\"]")
        }
        guard !items.isEmpty else {
            throw error("the command must not be empty; write it like [\"python3\", \"main.py\"]")
        }
        var words: [String] = []
        for field in try array() {
            guard let word = field.value.stringValue, !word.isEmpty else {
                throw field.expected("a non-empty string (each word of the command is a separate string)")
            }
            words.append(word)
        }
        return words
    }

    /// One of `choices`; the error lists them and suggests the closest.
    public func oneOf(_ choices: [String]) throws(ManifestError) -> String {
        let text = try string()
        guard choices.contains(text) else {
            let list = choices.map { "\"\($0)\"" }.joined(separator: ", ")
            throw error(
                "expected one of \(list), got \(value.shortDescription)"
                    + Suggestions.didYouMean(Suggestions.closest(to: text, in: choices, limit: 1)))
        }
        return text
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        if range.lowerBound == 1 && range.upperBound == Int.max { return "a positive integer" }
        if range.lowerBound == 0 && range.upperBound == Int.max { return "a non-negative integer" }
        if range.upperBound == Int.max { return "an integer of at least \(range.lowerBound)" }
        return "an integer from \(range.lowerBound) to \(range.upperBound)"
    }
}

/// A type that can be read from one TOML value.
public protocol TOMLDecodable {
    static func decode(_ field: TOMLField) throws(ManifestError) -> Self
}

extension String: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> String { try field.string() }
}

extension Int: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> Int { try field.integer() }
}

extension Bool: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> Bool { try field.boolean() }
}

extension Double: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> Double { try field.double() }
}

extension Array: TOMLDecodable where Element: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> [Element] {
        var result: [Element] = []
        for item in try field.array() { result.append(try Element.decode(item)) }
        return result
    }
}

/// Reads the keys of one table, remembering which were used so that ``finish()`` can reject the rest.
///
/// Typical use, where every key of the table is either read or reported as unknown:
/// ```swift
/// var reader = TOMLReader(document)
/// let title = try reader.require("title", as: String.self)
/// let limits = try reader.optionalNested("limits") { limits in try Limits(reading: &limits) }
/// try reader.finish()
/// ```
public struct TOMLReader: Sendable {
    public let table: TOMLTable
    public let file: String
    /// The path of this table in the document ("" for the root).
    public let path: String
    private var used: Set<String> = []

    public init(table: TOMLTable, file: String, path: String = "") {
        self.table = table
        self.file = file
        self.path = path
    }

    /// A reader over a document's root table.
    public init(_ document: TOMLDocument) {
        self.init(table: document.root, file: document.file)
    }

    /// The path of `key` inside this table.
    public func path(of key: String) -> String {
        path.isEmpty ? TOMLEncoding.key(key) : "\(path).\(TOMLEncoding.key(key))"
    }

    /// Whether the table has `key` (without marking it used).
    public func contains(_ key: String) -> Bool { table.value(key) != nil }

    /// The line to blame for this table as a whole: its header, or nothing for a document's root.
    public var line: Int? { path.isEmpty ? nil : table.position.line }

    /// An error about this table, or about one of its keys when `key` is given.
    public func error(_ message: String, key: String? = nil) -> ManifestError {
        if let key, let line = table.line(of: key) {
            return ManifestError(file: file, line: line, field: path(of: key), message: message)
        }
        return ManifestError(
            file: file, line: line, field: key.map(path(of:)) ?? (path.isEmpty ? nil : path), message: message)
    }

    /// The value under `key` as a field, marking the key used.
    public mutating func field(_ key: String) -> TOMLField? {
        used.insert(key)
        guard let value = table.value(key) else { return nil }
        return TOMLField(value: value, file: file, path: path(of: key))
    }

    /// The value under `key`, which must be there, converted by `transform`.
    public mutating func require<T>(_ key: String, _ transform: (TOMLField) throws(ManifestError) -> T)
        throws(ManifestError) -> T
    {
        guard let field = field(key) else { throw missing(key) }
        return try transform(field)
    }

    /// The value under `key`, converted by `transform`, or nil when the key is absent.
    public mutating func optional<T>(_ key: String, _ transform: (TOMLField) throws(ManifestError) -> T)
        throws(ManifestError) -> T?
    {
        guard let field = field(key) else { return nil }
        return try transform(field)
    }

    /// The value under `key`, which must be there, as `type`.
    public mutating func require<T: TOMLDecodable>(_ key: String, as type: T.Type = T.self) throws(ManifestError) -> T {
        guard let field = field(key) else { throw missing(key) }
        return try T.decode(field)
    }

    /// The value under `key` as `type`, or nil when the key is absent.
    public mutating func optional<T: TOMLDecodable>(_ key: String, as type: T.Type = T.self) throws(ManifestError) -> T?
    {
        guard let field = field(key) else { return nil }
        return try T.decode(field)
    }

    /// The table under `key`, which must be there, read by `body`; unknown keys in it are rejected.
    public mutating func nested<T>(_ key: String, _ body: (inout TOMLReader) throws(ManifestError) -> T)
        throws(ManifestError) -> T
    {
        guard let field = field(key) else { throw missing(key) }
        var reader = try field.table()
        let result = try body(&reader)
        try reader.finish()
        return result
    }

    /// The table under `key` read by `body`, or nil when the key is absent; unknown keys in it are rejected.
    public mutating func optionalNested<T>(_ key: String, _ body: (inout TOMLReader) throws(ManifestError) -> T)
        throws(ManifestError) -> T?
    {
        guard contains(key) else {
            used.insert(key)
            return nil
        }
        return try nested(key, body)
    }

    /// The array of tables under `key` (`[[key]]` sections or an array of inline tables), each read by `body`
    /// with its index; unknown keys in each are rejected. An absent key gives an empty array unless `required`.
    public mutating func tables<T>(
        _ key: String, required: Bool = false, _ body: (inout TOMLReader, Int) throws(ManifestError) -> T
    ) throws(ManifestError) -> [T] {
        guard let field = field(key) else {
            if required { throw missing(key, hint: "add at least one [[\(TOMLEncoding.key(key))]] section") }
            return []
        }
        guard field.value.arrayValue != nil else {
            throw field.expected("an array of tables, written as [[\(TOMLEncoding.key(key))]] sections")
        }
        var results: [T] = []
        for (index, element) in try field.array().enumerated() {
            guard element.value.tableValue != nil else {
                throw element.expected("a table (every element of '\(key)' must be a table)")
            }
            var reader = try element.table()
            results.append(try body(&reader, index))
            try reader.finish()
        }
        return results
    }

    /// The tables under `key` written as `[key.name]` sections, in document order, each read by `body` with its
    /// name; unknown keys in each are rejected. An absent key gives an empty array.
    public mutating func namedTables<T>(
        _ key: String, _ body: (String, inout TOMLReader) throws(ManifestError) -> T
    ) throws(ManifestError) -> [T] {
        guard let field = field(key) else { return [] }
        let outer = try field.table()
        var results: [T] = []
        for name in outer.table.keys {
            let inner = TOMLField(value: outer.table.value(name)!, file: file, path: outer.path(of: name))
            var reader = try inner.table()
            results.append(try body(name, &reader))
            try reader.finish()
        }
        return results
    }

    /// Rejects the first key in this table that was not read, suggesting the closest known key.
    ///
    /// - Parameter known: extra keys that are valid but were not read (for example, ones kept for later).
    public func finish(known: [String] = []) throws(ManifestError) {
        let allowed = used.union(known)
        for key in table.keys where !allowed.contains(key) {
            let candidates = used.sorted() + known
            let hint = Suggestions.didYouMean(Suggestions.closest(to: key, in: candidates, limit: 1))
            let listing =
                candidates.isEmpty
                ? "" : "; known keys here: \(candidates.map(TOMLEncoding.key).joined(separator: ", "))"
            throw error("unknown key '\(key)'\(hint)\(hint.isEmpty ? listing : "")", key: key)
        }
    }

    private func missing(_ key: String, hint: String? = nil) -> ManifestError {
        // A misspelt key is the usual reason a required one is missing: blame the misspelling, where it is.
        let unread = table.keys.filter { !used.contains($0) }
        // Keys not read yet may be valid ones read later, so only a very close spelling counts.
        let allowed = max(1, min(2, key.count / 3))
        if let typo = unread.first(where: { Suggestions.editDistance($0.lowercased(), key) <= allowed }) {
            return error("unknown key '\(typo)' (did you mean '\(key)'?)", key: typo)
        }
        let location = path.isEmpty ? "" : " in \(path)"
        return ManifestError(
            file: file, line: line, field: path(of: key),
            message: "missing required key '\(key)'\(location)" + (hint.map { "; \($0)" } ?? ""))
    }
}
