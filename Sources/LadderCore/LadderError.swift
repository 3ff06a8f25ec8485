/// A problem the person running Ladder can act on: what went wrong and how to fix it.
public struct LadderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem this is, for callers that react differently (exit codes, JSON output).
    public enum Kind: String, Sendable, Equatable {
        case unknownLab = "unknown-lab"
        case unknownLanguage = "unknown-language"
        case directoryNotEmpty = "directory-not-empty"
        case directoryNotWritable = "directory-not-writable"
        case catalogNotFound = "catalog-not-found"
        case notALabRepository = "not-a-lab-repository"
        case noCommits = "no-commits"
        /// Every commit is after the deadline: nothing on time to grade.
        case onlyLateWork = "only-late-work"
        case detachedHead = "detached-head"
        case invalidInput = "invalid-input"
        case infrastructure
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
