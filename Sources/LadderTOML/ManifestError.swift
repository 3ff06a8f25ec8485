/// An error in a manifest (a lab, a grader spec, the competency map, a pin file), located like a compiler's.
///
/// The ``description`` reads `file:line:column: field: message`, leaving out the parts that are not known,
/// for example `Labs/log-stats/lab.toml:14: stages[1].points: expected a positive integer, got "ten"`.
/// The message says what is wrong and, where it helps, how to fix it.
public struct ManifestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file as it was named to the parser (usually a path relative to the catalog root).
    public var file: String
    /// The 1-based line the problem is on, when it is known.
    public var line: Int?
    /// The 1-based column, for syntax errors.
    public var column: Int?
    /// The path of the field in the document, such as `stages[1].points` (array indices are 0-based).
    public var field: String?
    /// What is wrong, and how to fix it.
    public var message: String

    /// Makes an error; pass what is known about where it is.
    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        if let field, !field.isEmpty {
            return "\(location): \(field): \(message)"
        }
        return "\(location): \(message)"
    }
}
