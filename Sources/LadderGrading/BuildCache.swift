import Crypto
import Foundation
import LadderSandbox

/// Successful builds kept for a piece of work that grades the same trees again (one lab's `lab validate`: its
/// references' determinism runs and visible tests), so that a tree is built once however often it is graded.
///
/// A build is found again by its ``Key``: the digest of the tree as it was before the build, the build command and
/// the sandbox profile it ran under. The same inputs under the same compiler give the same outputs, so the tree as it
/// was after the first build stands in for every later one, and its report with it. Only builds that succeeded are
/// kept: a failed build is made again, so a failure that came from the machine (a limit hit while it was loaded) is
/// never handed on. The cache lives no longer than the process: a compiler upgraded between two runs is never
/// outlived by what it built.
///
/// Two gradings that need the same build at once make it once: the second waits for the first.
public final class BuildCache: @unchecked Sendable {
    /// What identifies a build.
    public struct Key: Hashable, Sendable {
        let value: String

        /// The key of building `tree` (the submission as it is before the build) with `command` under `profile`.
        public init(tree: String, command: [String], profile: String) throws {
            var hasher = SHA256()
            let tree = try TreeDigest(links: .targetOnly).compute(directory: tree)
            hasher.update(data: Data("tree \(tree)\0profile \(profile)\0".utf8))
            for argument in command { hasher.update(data: Data("argument \(argument)\0".utf8)) }
            value = TreeDigest.hex(hasher.finalize())
        }
    }

    private struct Built {
        let tree: String
        let report: BuildReport
    }

    private enum Slot {
        case building(waiters: [CheckedContinuation<Claim, Never>])
        case built(Built)
    }

    private let parent: String
    private let lock = NSLock()
    private var scratch: ScratchDirectory?
    private var slots: [Key: Slot] = [:]
    private var counts = (made: 0, reused: 0)

    /// How many builds were made, and how many were taken from the cache instead.
    public var statistics: (made: Int, reused: Int) { lock.withLock { counts } }

    /// Keeps the built trees in a scratch directory made in `parent` at the first build, removed with the cache.
    public init(parent: String = NSTemporaryDirectory()) {
        self.parent = parent
    }

    deinit {
        scratch?.remove()
    }

    /// Gives `directory` (a copy of the submission) what building it makes, and returns the build's report: from the
    /// cache when the same build was made before (its wall time then 0, since no box ran), otherwise by calling
    /// `build`, which builds in `directory`.
    public func build(
        _ key: Key, in directory: String, _ build: () async throws -> BuildReport
    ) async throws -> BuildReport {
        switch await claim(key) {
        case .built(let built):
            if try restore(built.tree, into: directory) {
                lock.withLock { counts.reused += 1 }
                var report = built.report
                report.wallMilliseconds = 0
                return report
            }
            // The kept tree could not be copied (a full disk): built again, as if nothing were kept.
            return try await made(build)
        case .failedMeanwhile:
            // The build this call waited for failed. This one is made at once, beside the other callers that
            // waited, not after them one by one: a failure is not kept, so there is nothing to wait for.
            return try await made(build)
        case .mine:
            var kept: Built?
            defer { settle(key, with: kept) }
            let report = try await made(build)
            if report.succeeded, let tree = try? keep(directory) {
                kept = Built(tree: tree, report: report)
            }
            return report
        }
    }

    private func made(_ build: () async throws -> BuildReport) async throws -> BuildReport {
        let report = try await build()
        lock.withLock { counts.made += 1 }
        return report
    }

    /// Replaces `directory` with a copy of `tree`; false, with `directory` untouched, when the copy cannot be made.
    private func restore(_ tree: String, into directory: String) throws -> Bool {
        let staged = directory + ".built"
        do {
            try FileManager.default.copyItem(atPath: tree, toPath: staged)
        } catch {
            try? FileManager.default.removeItem(atPath: staged)
            return false
        }
        try FileManager.default.removeItem(atPath: directory)
        try FileManager.default.moveItem(atPath: staged, toPath: directory)
        return true
    }

    private enum Claim {
        case mine
        case built(Built)
        case failedMeanwhile
    }

    private func claim(_ key: Key) async -> Claim {
        await withCheckedContinuation { continuation in
            lock.withLock {
                switch slots[key] {
                case nil:
                    slots[key] = .building(waiters: [])
                    continuation.resume(returning: .mine)
                case .built(let built):
                    continuation.resume(returning: .built(built))
                case .building(var waiters):
                    waiters.append(continuation)
                    slots[key] = .building(waiters: waiters)
                }
            }
        }
    }

    /// Ends the build of `key`: kept, or (failed, thrown, cancelled) left for the next caller to make; the callers
    /// waiting for it are given the build, or told to make their own.
    private func settle(_ key: Key, with built: Built?) {
        lock.withLock {
            guard case .building(let waiters) = slots[key] else { return }
            slots[key] = built.map(Slot.built)
            for waiter in waiters { waiter.resume(returning: built.map(Claim.built) ?? .failedMeanwhile) }
        }
    }

    /// A copy of the built `directory` in the cache's own scratch directory.
    private func keep(_ directory: String) throws -> String {
        let destination = try lock.withLock {
            if scratch == nil { scratch = try ScratchDirectory(in: parent, prefix: "ladder-builds.") }
            return scratch!.uniquePath("build")
        }
        try FileManager.default.copyItem(atPath: directory, toPath: destination)
        return destination
    }
}
