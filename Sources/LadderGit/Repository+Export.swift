import CGit2
import Foundation

extension Repository {
    /// Writes the files of a commit into `directory` exactly as committed.
    ///
    /// Regular files get mode 0755 or 0644 from their executable bit, symbolic links are
    /// created as links with the committed target (never followed or resolved, even when
    /// they point outside the directory), submodule entries are skipped, and no filters
    /// (line endings, LFS) are applied. Throws `.unsafePath` for an entry that is `.`, `..`,
    /// contains `/` or is `.git`, and `.destinationNotEmpty` unless `directory` is empty or
    /// does not exist yet. Every file is created relative to a directory descriptor with
    /// `O_EXCL | O_NOFOLLOW`, so nothing is ever written through a symlink.
    public func export(commit revision: String, to directory: String) throws {
        let commit = try commitHandle(revision)
        let tree = try lookupTree(git_commit_tree_id(commit.pointer).pointee)
        let root = try openEmptyDirectory(directory)
        defer { close(root) }
        try exportTree(tree, into: root, path: directory)
    }

    private func openEmptyDirectory(_ directory: String) throws -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GitError(operation: "create directory", message: error.localizedDescription, path: directory)
        }
        let descriptor = openat(AT_FDCWD, directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw GitError.posix("open", path: directory) }
        let isEmpty = (try? FileManager.default.contentsOfDirectory(atPath: directory).isEmpty) ?? false
        guard isEmpty else {
            close(descriptor)
            throw GitError(
                .destinationNotEmpty(directory), operation: "export", message: "the directory is not empty",
                path: directory)
        }
        return descriptor
    }

    /// Writes the entries of `tree` into the open directory `parent`, which is at `path`.
    private func exportTree(_ tree: TreeHandle, into parent: Int32, path: String) throws {
        // Entries belong to the tree: keep it alive until the last one is used.
        try withExtendedLifetime(tree) {
            for index in 0..<git_tree_entrycount(tree.pointer) {
                let entry = git_tree_entry_byindex(tree.pointer, index)!
                let name = git_tree_entry_name(entry)!
                let entryPath = path + "/" + String(cString: name)
                guard Self.isSafeEntryName(name) else {
                    throw GitError(
                        .unsafePath(entryPath), operation: "export", message: "unsafe tree entry name", path: entryPath)
                }
                let id = git_tree_entry_id(entry).pointee
                switch git_tree_entry_filemode(entry) {
                case GIT_FILEMODE_TREE:
                    guard mkdirat(parent, name, 0o755) == 0 else { throw GitError.posix("mkdirat", path: entryPath) }
                    let child = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard child >= 0 else { throw GitError.posix("openat", path: entryPath) }
                    defer { close(child) }
                    try exportTree(lookupTree(id), into: child, path: entryPath)
                case GIT_FILEMODE_BLOB:
                    try writeFile(lookupBlob(id), mode: 0o644, into: parent, name: name, path: entryPath)
                case GIT_FILEMODE_BLOB_EXECUTABLE:
                    try writeFile(lookupBlob(id), mode: 0o755, into: parent, name: name, path: entryPath)
                case GIT_FILEMODE_LINK:
                    try writeSymlink(lookupBlob(id), into: parent, name: name, path: entryPath)
                case GIT_FILEMODE_COMMIT:
                    continue  // a submodule: its files live in another repository
                default:
                    throw GitError(operation: "export", message: "unknown file mode in tree entry", path: entryPath)
                }
            }
        }
    }

    private func writeFile(
        _ blob: BlobHandle, mode: mode_t, into parent: Int32, name: UnsafePointer<CChar>, path: String
    ) throws {
        let file = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard file >= 0 else { throw GitError.posix("openat", path: path) }
        defer { close(file) }
        try blob.withBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(file, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw GitError.posix("write", path: path) }
                offset += written
            }
        }
        // The mode given to openat is narrowed by the umask; the committed mode is wanted.
        guard fchmod(file, mode) == 0 else { throw GitError.posix("fchmod", path: path) }
    }

    private func writeSymlink(_ blob: BlobHandle, into parent: Int32, name: UnsafePointer<CChar>, path: String) throws {
        let target: [UInt8] = blob.withBytes { Array($0) }
        guard !target.isEmpty, !target.contains(0) else {
            throw GitError(
                operation: "export", message: "the symbolic link's target is empty or contains a NUL byte", path: path)
        }
        let created = (target + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { symlinkat($0.baseAddress!, parent, name) }
        }
        guard created == 0 else { throw GitError.posix("symlinkat", path: path) }
    }

    /// Whether a tree entry name stays inside its directory and out of `.git`.
    static func isSafeEntryName(_ name: UnsafePointer<CChar>) -> Bool {
        let bytes = Array(UnsafeBufferPointer(start: name, count: strlen(name))).map { UInt8(bitPattern: $0) }
        let slash = UInt8(ascii: "/")
        guard !bytes.isEmpty, !bytes.contains(slash) else { return false }
        let lowered = String(decoding: bytes, as: UTF8.self).lowercased()
        return lowered != "." && lowered != ".." && lowered != ".git"
    }
}
