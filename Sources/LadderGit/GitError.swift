import CGit2
import Foundation

/// A failed git operation: what was attempted, libgit2's code and message, and where.
///
/// `kind` singles out the failures a caller or a person must handle specifically;
/// everything else is `.other` and is explained by libgit2's own `message`.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The failures worth telling apart.
    public enum Kind: Sendable, Equatable {
        /// The path is not (inside) a git repository.
        case notARepository(path: String)
        /// HEAD names a branch that has no commits yet.
        case unbornHead
        /// HEAD points at a commit, not at a branch.
        case detachedHead
        /// A revision (commit id, branch, tag, `HEAD~1`, ...) names nothing in the repository.
        case referenceNotFound(String)
        /// A tag, note or repository that must not exist yet does.
        case alreadyExists(String)
        /// A directory of the working tree is itself a git repository, so its files cannot be committed.
        case nestedRepository(String)
        /// The tree to commit is the same as the tree of the branch's last commit.
        case nothingToCommit
        /// A tree entry would be written outside its directory or into a `.git` directory.
        case unsafePath(String)
        /// The destination directory exists and is not empty.
        case destinationNotEmpty(String)
        /// The remote refused the credentials (or asked for some and none were given).
        case authenticationFailed(url: String)
        /// The remote's branch is not a descendant of the local one (its history was rewritten, or the local
        /// branch has commits of its own), so the branch cannot be fast-forwarded.
        case notFastForward(branch: String)
        /// Uploaded objects that are not a valid git pack, hold too many objects, or lack the commit asked for.
        case invalidPack
        /// Any other failure; `message` says what happened.
        case other
    }

    public let kind: Kind
    /// The libgit2 function (or LadderGit step) that failed, e.g. `git_index_add_all`.
    public let operation: String
    /// libgit2's return code (`GIT_ENOTFOUND` is -3, ...), or -1 for failures LadderGit detects itself.
    public let code: Int32
    /// libgit2's own message from `git_error_last()`, or LadderGit's when it detected the failure.
    public let message: String
    /// The file, directory or URL the operation was working on, when there is one.
    public let path: String?

    public init(_ kind: Kind = .other, operation: String, code: Int32 = -1, message: String, path: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String {
        "\(summary) [\(operation) failed with code \(code): \(message)]"
    }

    /// What went wrong and what to do about it, in a person's words.
    private var summary: String {
        switch kind {
        case .notARepository(let path):
            return
                "'\(path)' is not in a git repository. Run this inside the lab's repository, or pass the repository's path."
        case .unbornHead:
            return "The repository has no commits yet. Commit your work first (git add -A && git commit)."
        case .detachedHead:
            return "HEAD is detached (not on a branch). Switch back to your branch first, e.g. `git switch main`."
        case .referenceNotFound(let revision):
            return "No commit named '\(revision)' in the repository. Check the commit id, branch or tag name."
        case .alreadyExists(let name):
            return "'\(name)' already exists."
        case .nestedRepository(let directory):
            return
                "'\(directory)' is a separate git repository inside this one, so its files cannot be committed. Delete '\(directory)/.git' (or move the directory out) and try again."
        case .nothingToCommit:
            return "Nothing to commit: the files are the same as in the last commit."
        case .unsafePath(let entry):
            return
                "Refusing to write '\(entry)': the commit contains a path that is absolute, contains '..' or enters '.git'."
        case .destinationNotEmpty(let directory):
            return "'\(directory)' is not empty. Choose a new or empty directory."
        case .authenticationFailed(let url):
            return "Authentication to '\(url)' failed. Check that the token is set, valid, and may read the repository."
        case .notFastForward(let branch):
            return
                "'\(branch)' cannot be fast-forwarded: the remote's history is not a continuation of the local one (it was rewritten, or the local copy has commits of its own)."
        case .invalidPack:
            return "The upload is not a usable git pack."
        case .other:
            return path.map { "A git operation on '\($0)' failed." } ?? "A git operation failed."
        }
    }

    /// The error of a failed system call, from `errno`.
    static func posix(_ operation: String, path: String) -> GitError {
        GitError(operation: operation, code: -1, message: String(cString: strerror(errno)), path: path)
    }

    /// The same error with a more specific kind.
    func with(kind: Kind) -> GitError {
        GitError(kind, operation: operation, code: code, message: message, path: path)
    }
}

/// Runs one libgit2 call and throws a `GitError` carrying `operation`, the code and
/// libgit2's message when it returns a negative code; returns the code otherwise.
///
/// `kinds` maps specific libgit2 codes (e.g. `GIT_ENOTFOUND.rawValue`) to the kind to throw.
@discardableResult
func check(
    _ operation: String,
    path: String? = nil,
    kinds: [Int32: GitError.Kind] = [:],
    _ call: () -> Int32
) throws -> Int32 {
    git_error_clear()
    let code = call()
    guard code < 0 else { return code }
    let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
    throw GitError(
        kinds[code] ?? .other,
        operation: operation,
        code: code,
        message: message ?? "libgit2 gave no message",
        path: path
    )
}
