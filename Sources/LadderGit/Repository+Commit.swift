import CGit2
import Foundation

extension Repository {
    /// Stages every file of the working tree and commits it on HEAD's branch (`git add -A && git commit`).
    ///
    /// Honors `.gitignore`, records deletions, takes file modes (executable bit, symlinks)
    /// from disk, and works for the first commit of an empty repository. Throws
    /// `.detachedHead` when HEAD is not on a branch, `.nestedRepository` when a directory
    /// is itself a git repository, and `.nothingToCommit` when nothing changed (unless
    /// `allowEmpty`). The message is cleaned up like `git commit` does (trailing whitespace
    /// removed, one final newline). The committer defaults to the author.
    @discardableResult
    public func commitAll(
        message: String,
        author: Signature,
        committer: Signature? = nil,
        allowEmpty: Bool = false
    ) throws -> CommitInfo {
        if try isHeadDetached {
            throw GitError(.detachedHead, operation: "commitAll", message: "HEAD is detached", path: workdir)
        }
        var out: OpaquePointer?
        try check("git_repository_index", path: workdir) { git_repository_index(&out, pointer) }
        let index = IndexHandle(out!, repository: self)

        // An empty pathspec matches every path. add_all picks up new and changed files
        // (skipping ignored ones); update_all drops the entries of deleted files.
        var everything = git_strarray(strings: nil, count: 0)
        let nested = NestedRepositoryCheck(workdir: workdir ?? "")
        do {
            _ = try withExtendedLifetime(nested) {
                try check("git_index_add_all", path: workdir) {
                    git_index_add_all(
                        index.pointer, &everything, GIT_INDEX_ADD_DEFAULT.rawValue,
                        NestedRepositoryCheck.callback, Unmanaged.passUnretained(nested).toOpaque()
                    )
                }
            }
        } catch let error as GitError {
            throw nested.found.map { error.with(kind: .nestedRepository($0)) } ?? error
        }
        try check("git_index_update_all", path: workdir) { git_index_update_all(index.pointer, &everything, nil, nil) }
        try check("git_index_write", path: workdir) { git_index_write(index.pointer) }
        var tree = git_oid()
        try check("git_index_write_tree", path: workdir) { git_index_write_tree(&tree, index.pointer) }

        return try createCommit(
            tree: tree, parents: referenceTarget("HEAD").map { [$0] } ?? [], updating: "HEAD",
            message: message, author: author, committer: committer, allowEmpty: allowEmpty
        )
    }

    /// Commits the files of `directory` (anywhere on disk, not the working tree) as the new
    /// tree of `branch`, creating the branch if needed; used to publish into a catalog repository.
    ///
    /// Takes every file as it is on disk: regular files with their executable bit, symlinks
    /// as links (never followed); skips `.git` and empty directories; ignores `.gitignore`.
    /// Works in bare repositories. The working tree is not updated, even if `branch` is
    /// checked out. Throws `.nothingToCommit` when the tree is unchanged (unless `allowEmpty`).
    @discardableResult
    public func commit(
        directory: String,
        onto branch: String,
        message: String,
        author: Signature,
        committer: Signature? = nil,
        allowEmpty: Bool = false
    ) throws -> CommitInfo {
        let reference = "refs/heads/\(branch)"
        return try createCommit(
            tree: writeTree(ofDirectory: directory).id, parents: referenceTarget(reference).map { [$0] } ?? [],
            updating: reference,
            message: message, author: author, committer: committer, allowEmpty: allowEmpty
        )
    }

    /// Commits the files of `directory` as the whole tree of a new commit on `branch` with `parents` (revisions,
    /// first parent first; two make a merge). Used to build histories from a description: a lab's starter
    /// branches, a reference solution's commits.
    ///
    /// The branch is created when missing and must otherwise point at the first parent. Files are taken from disk as
    /// ``commit(directory:onto:message:author:committer:allowEmpty:)`` takes them; no working tree is updated.
    @discardableResult
    public func commit(
        directory: String,
        onto branch: String,
        parents: [String],
        message: String,
        author: Signature,
        allowEmpty: Bool = false
    ) throws -> CommitInfo {
        let parentIDs = try parents.map { try commitHandle($0).id }
        return try createCommit(
            tree: writeTree(ofDirectory: directory).id, parents: parentIDs, updating: "refs/heads/\(branch)",
            message: message, author: author, committer: nil, allowEmpty: allowEmpty)
    }

    /// Writes a commit of `tree` with `parents` (first parent first) and moves `reference` to it.
    private func createCommit(
        tree treeID: git_oid,
        parents parentIDs: [git_oid],
        updating reference: String,
        message: String,
        author: Signature,
        committer: Signature?,
        allowEmpty: Bool
    ) throws -> CommitInfo {
        let tree = try lookupTree(treeID)
        let parents = try parentIDs.map(lookupCommit)
        // A merge records history even when its tree is its first parent's.
        if !allowEmpty, parents.count < 2 {
            var treeID = treeID
            let unchanged =
                parents.first.map { git_oid_equal(git_commit_tree_id($0.pointer), &treeID) == 1 }
                ?? (git_tree_entrycount(tree.pointer) == 0)
            if unchanged {
                throw GitError(
                    .nothingToCommit, operation: "git_commit_create", message: "the tree is unchanged", path: reference)
            }
        }
        let authorSignature = try SignatureHandle(author)
        let committerSignature = try SignatureHandle(committer ?? author)
        let cleanMessage = try prettify(message)
        var id = git_oid()
        // The parents array holds raw pointers, so the handles must outlive the call explicitly.
        try withExtendedLifetime(parents) {
            var pointers: [OpaquePointer?] = parents.map(\.pointer)
            try check("git_commit_create", path: reference) {
                git_commit_create(
                    &id, pointer, reference, authorSignature.pointer, committerSignature.pointer,
                    nil, cleanMessage, tree.pointer, pointers.count, &pointers
                )
            }
        }
        return try lookupCommit(id).info
    }

    /// The message as `git commit` stores it: trailing whitespace removed, ending in one newline.
    func prettify(_ message: String) throws -> String {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check("git_message_prettify") { git_message_prettify(&buffer, message, 0, CChar(UInt8(ascii: "#"))) }
        return String(cString: buffer.ptr)
    }

    /// Writes the tree of a directory on disk into the object database; returns its id and entry count.
    private func writeTree(ofDirectory directory: String) throws -> (id: git_oid, count: Int) {
        var out: OpaquePointer?
        try check("git_treebuilder_new", path: directory) { git_treebuilder_new(&out, pointer, nil) }
        let builder = TreeBuilderHandle(out!, repository: self)

        for name in try entries(ofDirectory: directory) where name != ".git" {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else {
                throw GitError.posix("lstat", path: path)
            }
            var id = git_oid()
            let mode: git_filemode_t
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                let subtree = try writeTree(ofDirectory: path)
                guard subtree.count > 0 else { continue }  // git cannot store an empty directory
                id = subtree.id
                mode = GIT_FILEMODE_TREE
            case S_IFREG:
                try check("git_blob_create_from_disk", path: path) { git_blob_create_from_disk(&id, pointer, path) }
                mode = info.st_mode & S_IXUSR != 0 ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
            case S_IFLNK:
                let target = try linkTarget(path)
                try check("git_blob_create_from_buffer", path: path) {
                    target.withUnsafeBytes { git_blob_create_from_buffer(&id, pointer, $0.baseAddress, $0.count) }
                }
                mode = GIT_FILEMODE_LINK
            default:
                throw GitError(
                    operation: "commit(directory:)",
                    message: "not a regular file, directory or symbolic link, which git cannot store", path: path)
            }
            try check("git_treebuilder_insert", path: path) {
                git_treebuilder_insert(nil, builder.pointer, name, &id, mode)
            }
        }
        var id = git_oid()
        try check("git_treebuilder_write", path: directory) { git_treebuilder_write(&id, builder.pointer) }
        return (id, Int(git_treebuilder_entrycount(builder.pointer)))
    }

    private func entries(ofDirectory directory: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw GitError(operation: "read directory", message: error.localizedDescription, path: directory)
        }
    }

    /// The target of a symbolic link as raw bytes, exactly as stored in the link.
    private func linkTarget(_ path: String) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = buffer.withUnsafeMutableBytes {
            readlink(path, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count)
        }
        guard length >= 0 else {
            throw GitError.posix("readlink", path: path)
        }
        return Array(buffer.prefix(length))
    }
}

/// Spots a git repository nested in the working tree while files are added: libgit2 cannot
/// add one (it fails with "invalid path"), and its files would not be committed anyway.
private final class NestedRepositoryCheck {
    let workdir: String
    var found: String?

    init(workdir: String) {
        self.workdir = workdir
    }

    /// Called by `git_index_add_all` for each path; untracked directories end in "/".
    static let callback: git_index_matched_path_cb = { path, _, payload in
        guard let path, let payload else { return 0 }
        let check = Unmanaged<NestedRepositoryCheck>.fromOpaque(payload).takeUnretainedValue()
        let relative = String(cString: path)
        guard relative.hasSuffix("/"), FileManager.default.fileExists(atPath: check.workdir + "/" + relative + ".git")
        else {
            return 0
        }
        check.found = String(relative.dropLast())
        git_error_set_str(
            Int32(GIT_ERROR_INDEX.rawValue), "'\(check.found!)' is a git repository nested in the working tree")
        return GIT_EUSER.rawValue
    }
}
