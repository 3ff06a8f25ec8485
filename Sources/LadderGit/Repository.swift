import CGit2
import Foundation

/// A git repository on disk, opened through libgit2.
///
/// Owns the `git_repository` handle and frees it when the last reference goes away.
/// A `Repository` may be handed to another thread, but must not be used by two threads
/// at the same time (libgit2 handles are not safe for concurrent use); open one
/// `Repository` per task instead.
public final class Repository: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Creates a new repository at `path` (like `git init`), with HEAD on `initialBranch`.
    ///
    /// The branch name does not depend on the machine's `init.defaultBranch`. Creates
    /// missing directories; throws `.alreadyExists` when `path` already holds a repository.
    public static func create(at path: String, initialBranch: String = "main", bare: Bool = false) throws -> Repository
    {
        Git.initialize()
        // libgit2 makes missing directories only along a normalized path: with a doubled slash (`$TMPDIR` often ends
        // in one) it fails to resolve the path it was asked to make.
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        var options = git_repository_init_options()
        try check("git_repository_init_options_init") {
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION))
        }
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
        var out: OpaquePointer?
        try initialBranch.withCString { branch in
            options.initial_head = branch
            try check("git_repository_init_ext", path: path, kinds: [GIT_EEXISTS.rawValue: .alreadyExists(path)]) {
                git_repository_init_ext(&out, path, &options)
            }
        }
        return Repository(out!)
    }

    /// Opens the repository whose working tree (or git directory) is exactly `path`.
    public static func open(at path: String) throws -> Repository {
        try open(path, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
    }

    /// Opens the repository that contains `path`, walking up the parent directories like git does.
    public static func discover(from path: String) throws -> Repository {
        try open(path, flags: 0)
    }

    private static func open(_ path: String, flags: UInt32) throws -> Repository {
        Git.initialize()
        var out: OpaquePointer?
        try check("git_repository_open_ext", path: path, kinds: [GIT_ENOTFOUND.rawValue: .notARepository(path: path)]) {
            git_repository_open_ext(&out, path, flags, nil)
        }
        return Repository(out!)
    }

    /// Wraps a handle that libgit2 created (e.g. by cloning); the repository takes ownership.
    static func adopting(_ pointer: OpaquePointer) -> Repository {
        Repository(pointer)
    }

    /// The root of the working tree, without a trailing slash; `nil` for a bare repository.
    public var workdir: String? {
        git_repository_workdir(pointer).map { String(cString: $0).trimmingTrailingSlash() }
    }

    /// The git directory (`.../.git`, or the repository itself when bare), without a trailing slash.
    public var gitDirectory: String {
        String(cString: git_repository_path(pointer)).trimmingTrailingSlash()
    }

    public var isBare: Bool {
        git_repository_is_bare(pointer) == 1
    }

    /// The signature to commit with: the configured `user.name` and `user.email` where set
    /// (repository config, then global, XDG and system config), otherwise the fallback's.
    public func defaultSignature(fallback: Signature) -> Signature {
        guard let config = try? configSnapshot() else { return fallback }
        var signature = fallback
        if let name = config.string("user.name") { signature.name = name }
        if let email = config.string("user.email") { signature.email = email }
        return signature
    }

    /// The commit HEAD points at; throws `.unbornHead` when there are no commits yet.
    public func head() throws -> CommitInfo {
        try resolve("HEAD")
    }

    /// Whether HEAD points directly at a commit instead of at a branch.
    public var isHeadDetached: Bool {
        get throws {
            try check("git_repository_head_detached") { git_repository_head_detached(pointer) } == 1
        }
    }

    /// The short name of the branch HEAD is on (also before its first commit); `nil` when detached.
    public var currentBranch: String? {
        get throws {
            let head = try reference(named: "HEAD")
            guard git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC,
                let target = git_reference_symbolic_target(head.pointer)
            else { return nil }
            let name = String(cString: target)
            return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
        }
    }

    /// The commit a revision names: a full or short commit id, a branch, a tag (peeled to
    /// its commit), `HEAD`, `HEAD~1`, ... (anything `git rev-parse` accepts that leads to a commit).
    public func resolve(_ revision: String) throws -> CommitInfo {
        try commitHandle(revision).info
    }

    // MARK: Internal lookups shared by the extensions

    /// The commit a revision names, as a handle.
    func commitHandle(_ revision: String) throws -> CommitHandle {
        var object: OpaquePointer?
        do {
            try check(
                "git_revparse_single",
                kinds: [
                    GIT_ENOTFOUND.rawValue: .referenceNotFound(revision),
                    GIT_EAMBIGUOUS.rawValue: .referenceNotFound(revision),
                    GIT_EINVALIDSPEC.rawValue: .referenceNotFound(revision),
                    GIT_EUNBORNBRANCH.rawValue: .unbornHead,
                ]
            ) {
                git_revparse_single(&object, pointer, revision)
            }
        } catch let error as GitError where error.kind == .referenceNotFound(revision) && revision.hasPrefix("HEAD") {
            // rev-parse reports HEAD of an empty repository as a missing branch.
            if git_repository_head_unborn(pointer) == 1 { throw error.with(kind: .unbornHead) }
            throw error
        }
        let parsed = ObjectHandle(object!, repository: self)
        var peeled: OpaquePointer?
        try check(
            "git_object_peel",
            kinds: [
                GIT_EINVALIDSPEC.rawValue: .referenceNotFound(revision),
                GIT_EPEEL.rawValue: .referenceNotFound(revision),
            ]
        ) {
            git_object_peel(&peeled, parsed.pointer, GIT_OBJECT_COMMIT)
        }
        // A peeled commit object is a git_commit; it is freed like any commit.
        return CommitHandle(peeled!, repository: self)
    }

    func lookupCommit(_ id: git_oid) throws -> CommitHandle {
        var id = id
        var out: OpaquePointer?
        try check("git_commit_lookup") { git_commit_lookup(&out, pointer, &id) }
        return CommitHandle(out!, repository: self)
    }

    func lookupTree(_ id: git_oid) throws -> TreeHandle {
        var id = id
        var out: OpaquePointer?
        try check("git_tree_lookup") { git_tree_lookup(&out, pointer, &id) }
        return TreeHandle(out!, repository: self)
    }

    func lookupBlob(_ id: git_oid) throws -> BlobHandle {
        var id = id
        var out: OpaquePointer?
        try check("git_blob_lookup") { git_blob_lookup(&out, pointer, &id) }
        return BlobHandle(out!, repository: self)
    }

    func reference(named name: String) throws -> ReferenceHandle {
        var out: OpaquePointer?
        try check("git_reference_lookup", kinds: [GIT_ENOTFOUND.rawValue: .referenceNotFound(name)]) {
            git_reference_lookup(&out, pointer, name)
        }
        return ReferenceHandle(out!, repository: self)
    }

    /// The commit id a reference resolves to, or `nil` when the reference does not exist.
    func referenceTarget(_ name: String) throws -> git_oid? {
        var id = git_oid()
        do {
            try check("git_reference_name_to_id", path: name) { git_reference_name_to_id(&id, pointer, name) }
        } catch let error as GitError where error.code == GIT_ENOTFOUND.rawValue {
            return nil
        }
        return id
    }

    private func configSnapshot() throws -> ConfigHandle {
        var out: OpaquePointer?
        try check("git_repository_config_snapshot") { git_repository_config_snapshot(&out, pointer) }
        return ConfigHandle(out!, repository: self)
    }
}

extension ConfigHandle {
    /// A non-empty string value, or `nil` when the key is unset or empty.
    func string(_ key: String) -> String? {
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, pointer, key) == 0, let value else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }
}

extension String {
    func trimmingTrailingSlash() -> String {
        count > 1 && hasSuffix("/") ? String(dropLast()) : self
    }
}
