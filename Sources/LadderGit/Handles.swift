import CGit2
import Foundation

// One final class per libgit2 handle type: it owns the handle and frees it in `deinit`.
// A handle that belongs to a repository keeps the `Repository` alive, so the repository
// is never freed while a commit, tree or index of it is still in use. Results leave these
// classes only as copied-out value types.

/// Owns a `git_index`.
final class IndexHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_index_free(pointer) }
}

/// Owns a `git_tree`.
final class TreeHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_tree_free(pointer) }
}

/// Owns a `git_treebuilder`.
final class TreeBuilderHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_treebuilder_free(pointer) }
}

/// Owns a `git_blob`.
final class BlobHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_blob_free(pointer) }

    /// Calls `body` with the blob's bytes exactly as stored (no filters, no line-ending conversion);
    /// the bytes are valid only inside `body`.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: git_blob_rawcontent(pointer), count: Int(git_blob_rawsize(pointer))))
    }
}

/// Owns a `git_commit`.
final class CommitHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_commit_free(pointer) }

    var id: git_oid { git_commit_id(pointer).pointee }

    /// The commit copied out into a value.
    var info: CommitInfo {
        CommitInfo(
            id: id.hex,
            treeID: git_commit_tree_id(pointer).pointee.hex,
            message: String(cString: git_commit_message(pointer)),
            summary: git_commit_summary(pointer).map { String(cString: $0) } ?? "",
            author: Signature(git_commit_author(pointer).pointee),
            committer: Signature(git_commit_committer(pointer).pointee),
            time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(pointer))),
            parentIDs: (0..<git_commit_parentcount(pointer)).map { git_commit_parent_id(pointer, $0).pointee.hex }
        )
    }
}

/// Owns a `git_object` of any type (what rev-parse returns).
final class ObjectHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_object_free(pointer) }
}

/// Owns a `git_reference`.
final class ReferenceHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_reference_free(pointer) }
}

/// Owns a `git_revwalk`.
final class RevWalkHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_revwalk_free(pointer) }
}

/// Owns a `git_status_list`.
final class StatusListHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_status_list_free(pointer) }
}

/// Owns a `git_config` (a read-only snapshot; strings read from it live as long as it does).
final class ConfigHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_config_free(pointer) }
}

/// Owns a `git_note`.
final class NoteHandle {
    let pointer: OpaquePointer
    let repository: Repository
    init(_ pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }
    deinit { git_note_free(pointer) }
}

/// Owns a `git_signature`; it belongs to no repository.
final class SignatureHandle {
    let pointer: UnsafeMutablePointer<git_signature>

    /// A libgit2 signature for `signature`; its time is now when it has none.
    init(_ signature: Signature) throws {
        Git.initialize()
        var out: UnsafeMutablePointer<git_signature>?
        if let time = signature.time {
            let seconds = git_time_t(time.timeIntervalSince1970.rounded(.down))
            let offsetMinutes = Int32(TimeZone.current.secondsFromGMT(for: time) / 60)
            try check("git_signature_new") {
                git_signature_new(&out, signature.name, signature.email, seconds, offsetMinutes)
            }
        } else {
            try check("git_signature_now") { git_signature_now(&out, signature.name, signature.email) }
        }
        pointer = out!
    }
    deinit { git_signature_free(pointer) }
}

extension git_oid {
    /// The 40 hex digits of the id.
    var hex: String {
        var copy = self
        return String(cString: git_oid_tostr_s(&copy))
    }
}
