import CGit2
import Foundation

extension Repository {
    /// A git pack of everything reachable from `revision`: its commits, their trees and blobs, as `git pack-objects`
    /// writes it. What `ladder submit` uploads to a course's server.
    public func pack(from revision: String) throws -> Data {
        var start = try commitHandle(revision).id
        var builder: OpaquePointer?
        try check("git_packbuilder_new") { git_packbuilder_new(&builder, pointer) }
        defer { git_packbuilder_free(builder) }
        var walk: OpaquePointer?
        try check("git_revwalk_new") { git_revwalk_new(&walk, pointer) }
        let walker = RevWalkHandle(walk!, repository: self)
        try check("git_revwalk_push", path: revision) { git_revwalk_push(walker.pointer, &start) }
        try check("git_packbuilder_insert_walk") { git_packbuilder_insert_walk(builder, walker.pointer) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check("git_packbuilder_write_buf") { git_packbuilder_write_buf(&buffer, builder) }
        return Data(bytes: buffer.ptr, count: buffer.size)
    }

    /// A new bare repository at `path` holding the objects of `pack`, with `refs/heads/<branch>` (its HEAD) at
    /// `commit`. The pack is indexed through libgit2, which checks every object's id against its content; a pack
    /// that is not one, holds more than `maximumObjects` objects or lacks `commit` is refused with
    /// `.invalidPack`, and nothing is left at `path`.
    public static func unpack(
        _ pack: Data, into path: String, commit: String, branch: String = "main", maximumObjects: Int = 100_000
    ) throws -> Repository {
        let repository = try Repository.create(at: path, initialBranch: branch, bare: true)
        do {
            try repository.index(pack, maximumObjects: maximumObjects)
            // Opened again, so the object database sees the new pack.
            let reopened = try Repository.open(at: path)
            let found: CommitInfo
            do {
                found = try reopened.resolve(commit)
            } catch {
                throw GitError(
                    .invalidPack, operation: "unpack", message: "the pack does not hold commit \(commit)", path: path)
            }
            guard found.id == commit.lowercased() else {
                throw GitError(
                    .invalidPack, operation: "unpack", message: "\(commit) is not a full commit id", path: path)
            }
            try reopened.setBranch(branch, to: found.id)
            return reopened
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            guard let error = error as? GitError else {
                throw GitError(.invalidPack, operation: "unpack", message: "\(error)", path: path)
            }
            if error.kind == .invalidPack { throw error }
            // libgit2's own words: the error's description names the temporary directory, which means nothing to
            // whoever sent the pack.
            throw GitError(.invalidPack, operation: "unpack", message: error.message, path: path)
        }
    }

    private func index(_ pack: Data, maximumObjects: Int) throws {
        var options = git_indexer_options()
        try check("git_indexer_options_init") {
            git_indexer_options_init(&options, UInt32(GIT_INDEXER_OPTIONS_VERSION))
        }
        let limit = ObjectLimit(maximumObjects)
        options.progress_cb = ObjectLimit.check
        options.progress_cb_payload = Unmanaged.passUnretained(limit).toOpaque()
        var indexer: OpaquePointer?
        do {
            try withExtendedLifetime(limit) {
                try check("git_indexer_new") {
                    git_indexer_new(&indexer, gitDirectory + "/objects/pack", 0, nil, &options)
                }
                defer { git_indexer_free(indexer) }
                var progress = git_indexer_progress()
                try pack.withUnsafeBytes { bytes in
                    _ = try check("git_indexer_append") {
                        git_indexer_append(indexer, bytes.baseAddress, bytes.count, &progress)
                    }
                }
                try check("git_indexer_commit") { git_indexer_commit(indexer, &progress) }
            }
        } catch  where limit.exceeded {
            throw GitError(
                .invalidPack, operation: "unpack",
                message: "the pack holds more than \(maximumObjects) objects", path: gitDirectory)
        }
    }
}

/// Stops an indexer whose pack announces more objects than allowed.
private final class ObjectLimit {
    let maximum: Int
    var exceeded = false

    init(_ maximum: Int) { self.maximum = maximum }

    static let check: git_indexer_progress_cb = { progress, payload in
        guard let progress, let payload else { return 0 }
        let limit = Unmanaged<ObjectLimit>.fromOpaque(payload).takeUnretainedValue()
        if Int(progress.pointee.total_objects) > limit.maximum {
            limit.exceeded = true
            return -1
        }
        return 0
    }
}
