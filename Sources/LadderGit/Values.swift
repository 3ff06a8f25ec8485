import CGit2
import Foundation

/// Who made a commit, tag or note, and when.
public struct Signature: Sendable, Equatable {
    public var name: String
    public var email: String
    /// When; `nil` means "now" when the signature is used to write something.
    /// Stored in git with whole-second precision.
    public var time: Date?

    public init(name: String, email: String, time: Date? = nil) {
        self.name = name
        self.email = email
        self.time = time
    }

    init(_ signature: git_signature) {
        name = String(cString: signature.name)
        email = String(cString: signature.email)
        time = Date(timeIntervalSince1970: TimeInterval(signature.when.time))
    }
}

/// A commit, copied out of the repository.
public struct CommitInfo: Sendable, Equatable {
    /// The commit id: 40 hex digits.
    public let id: String
    /// The id of the commit's root tree: 40 hex digits.
    public let treeID: String
    /// The full message as stored (git ends it with a newline).
    public let message: String
    /// The first paragraph of the message on one line, trimmed.
    public let summary: String
    public let author: Signature
    public let committer: Signature
    /// The committer's time: when the commit was made (what deadlines compare against).
    public let time: Date
    /// The ids of the parents, first parent first; empty for a root commit.
    public let parentIDs: [String]
}

/// One uncommitted change in a working tree.
public struct StatusEntry: Sendable, Equatable {
    /// How a path differs.
    public enum Change: Sendable, Equatable {
        case added, modified, deleted, renamed, typeChanged, untracked, conflicted
    }

    /// The path relative to the working tree's root, `/`-separated.
    public let path: String
    public let change: Change
    /// Whether the change is in the index (staged), as opposed to only in the working tree.
    public let staged: Bool
    /// The path before a rename, for `.renamed`.
    public let oldPath: String?

    public init(path: String, change: Change, staged: Bool, oldPath: String? = nil) {
        self.path = path
        self.change = change
        self.staged = staged
        self.oldPath = oldPath
    }
}
