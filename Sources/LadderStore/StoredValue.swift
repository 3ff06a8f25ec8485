import Foundation

/// Reading back what a store wrote, the same way in every store: a value this version does not know is an error that
/// says so, never a guess.
package enum StoredValue {
    /// A stored value this version does not know, found while decoding a row.
    package struct Unknown: Error {
        package var column: String
        package var value: String

        /// What to tell a person: the store may come from a newer ladder.
        package func storeError(operation: String, path: String) -> StoreError {
            .database(
                operation: operation, path: path, message: "\(column) holds the unknown value '\(value)'",
                hint: "The store may have been written by a newer ladder; upgrade ladder.")
        }
    }

    /// The case of `type` that `raw` names, read from `column` (named `table.column` in errors).
    package static func decode<T: RawRepresentable>(_ type: T.Type, _ raw: String, column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw Unknown(column: column, value: raw) }
        return value
    }

    /// A lab's competency areas, kept as a JSON array of strings.
    package static func areas(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
