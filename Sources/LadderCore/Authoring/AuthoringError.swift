/// A problem with an instructor's request (`ladder lab new | validate | publish`): what went wrong and how to fix it.
public struct AuthoringError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem this is, so a caller can pick an exit code or a JSON field.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The request itself is wrong (a bad id, an unknown area, rung or kind); nothing was done.
        case invalidInput = "invalid-input"
        /// The lab named does not exist.
        case unknownLab = "unknown-lab"
        /// The lab (or a half of it) already exists where it would be written.
        case labExists = "lab-exists"
        /// The destination catalog is not in a state to publish into.
        case catalogNotReady = "catalog-not-ready"
        /// Reading or writing files failed.
        case fileSystem = "file-system"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
