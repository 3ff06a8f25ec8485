import Foundation
import LadderJSON

/// The fields of one JSON object, read by name, with errors that name the field by its path (`defaults.wall`).
///
/// Profiles and the launcher's status are read through this rather than Foundation's JSONDecoder, whose first use in
/// a process costs about a millisecond of runtime type lookups: more than the box costs in `ladder sandbox run`
/// (issue 15). Their `Decodable` conformances read through it too, so each shape is read in one place. Keys that are
/// not asked for are ignored, as JSONDecoder ignores them.
struct JSONFields {
    let values: [String: JSONValue]
    /// Where this object is in the document (`""` at the top), the prefix of every field's name in errors.
    let path: String

    /// The object `value`; throws `invalidValue` naming `path` when it is something else.
    init(_ value: JSONValue, path: String = "") throws(SandboxError) {
        guard case .object(let values) = value else {
            throw SandboxError(
                .invalidValue,
                "\(path.isEmpty ? "top level" : path): expected an object, found \(value.kindDescription)")
        }
        self.values = values
        self.path = path
    }

    /// The object in `data`, which must be JSON text.
    init(parsing data: Data) throws(SandboxError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            throw SandboxError(.invalidValue, "not valid JSON: \(error)")
        }
        try self.init(value)
    }

    /// The dotted name of `key` in this object, as errors give it.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func mismatch(_ key: String, _ expected: String, _ found: JSONValue) -> SandboxError {
        SandboxError(.invalidValue, "\(name(key)): expected \(expected), found \(found.kindDescription)")
    }

    /// The value of `key`; absent and `null` are both nil.
    func value(_ key: String) -> JSONValue? {
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws(SandboxError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "a string", value) }
        return text
    }

    func bool(_ key: String) throws(SandboxError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(key, "a boolean", value) }
        return flag
    }

    /// A number that is a whole number in range of `Int`.
    func int(_ key: String) throws(SandboxError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, let whole = number.int64Value, let int = Int(exactly: whole) else {
            throw mismatch(key, "a whole number", value)
        }
        return int
    }

    func double(_ key: String) throws(SandboxError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value else { throw mismatch(key, "a number", value) }
        return number.doubleValue
    }

    func strings(_ key: String) throws(SandboxError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw mismatch(key, "an array of strings", value) }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else { throw mismatch("\(key)[\(index)]", "a string", item) }
            texts.append(text)
        }
        return texts
    }

    /// An object whose values are all strings.
    func stringMap(_ key: String) throws(SandboxError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value else { throw mismatch(key, "an object of strings", value) }
        var map: [String: String] = [:]
        for (member, item) in members {
            guard case .string(let text) = item else { throw mismatch("\(key).\(member)", "a string", item) }
            map[member] = text
        }
        return map
    }

    /// `value`, read from `key`, which must be there: the error names the field.
    func required<T>(_ value: T?, _ key: String) throws(SandboxError) -> T {
        guard let value else { throw SandboxError(.invalidValue, "\(name(key)): missing; add it") }
        return value
    }

    func object(_ key: String) throws(SandboxError) -> JSONFields? {
        guard let value = value(key) else { return nil }
        return try JSONFields(value, path: name(key))
    }
}

extension JSONFields {
    /// The fields of what `decoder` is decoding, for a `Decodable` conformance that reads through ``JSONFields``.
    init(decoder: any Decoder) throws {
        try self.init(JSONValue(from: decoder))
    }
}
