import CGit2
import Foundation

/// What ``Repository/fastForwardFromOrigin(token:)`` did.
public enum FastForward: Sendable, Equatable {
    /// The remote had nothing new.
    case upToDate(CommitInfo)
    /// HEAD's branch and the working tree moved from one commit to a later one.
    case advanced(from: CommitInfo, to: CommitInfo)
}

extension Repository {
    /// Fetches `origin` and fast-forwards HEAD's branch, and the working tree, to the remote's branch of the same
    /// name (`git pull --ff-only`). Throws `.notFastForward` when the remote's branch does not descend from the local
    /// one, leaving both untouched. `token` answers an HTTPS server's request for credentials, as in a clone.
    /// Prints nothing.
    public func fastForwardFromOrigin(token: String? = nil) throws -> FastForward {
        guard let branch = try currentBranch else {
            throw GitError(.detachedHead, operation: "fast-forward", message: "HEAD is detached")
        }
        var remote: OpaquePointer?
        try check("git_remote_lookup", path: "origin") { git_remote_lookup(&remote, pointer, "origin") }
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try check("git_fetch_options_init") { git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)) }
        let credential = token.map(TokenCredential.init)
        if let credential {
            options.callbacks.credentials = TokenCredential.acquire
            options.callbacks.payload = Unmanaged.passUnretained(credential).toOpaque()
        }
        let url = git_remote_url(remote).map { String(cString: $0) } ?? "origin"
        _ = try withExtendedLifetime(credential) {
            try check("git_remote_fetch", path: url, kinds: [GIT_EAUTH.rawValue: .authenticationFailed(url: url)]) {
                git_remote_fetch(remote, nil, &options, nil)
            }
        }
        let local = try head()
        let fetched = try resolve("refs/remotes/origin/\(branch)")
        if fetched.id == local.id { return .upToDate(local) }
        guard try isAncestor(local.id, of: fetched.id) else {
            throw GitError(
                .notFastForward(branch: branch), operation: "fast-forward",
                message: "origin/\(branch) at \(fetched.id.prefix(10)) does not descend from \(local.id.prefix(10))",
                path: url)
        }
        try resetHard(to: fetched.id)
        return .advanced(from: local, to: fetched)
    }
}

extension Repository {
    /// The URL of the remote `origin`, or nil when the repository has none.
    public var originURL: String? {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, pointer, "origin") == 0 else {
            git_error_clear()
            return nil
        }
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    /// Pushes `references` (full names: `refs/heads/main`, `refs/tags/v1`) to `origin`, each to the same name
    /// there (`git push origin REF...`). A remote that refuses one (not a fast-forward, protected) throws with its
    /// reason. `token` answers an HTTPS server's request for credentials, as in a clone. Prints nothing.
    public func pushToOrigin(_ references: [String], token: String? = nil) throws {
        var remote: OpaquePointer?
        try check("git_remote_lookup", path: "origin") { git_remote_lookup(&remote, pointer, "origin") }
        defer { git_remote_free(remote) }
        let url = git_remote_url(remote).map { String(cString: $0) } ?? "origin"
        var options = git_push_options()
        try check("git_push_options_init") { git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)) }
        let credential = token.map(TokenCredential.init)
        let rejections = PushRejections()
        options.callbacks.push_update_reference = PushRejections.record
        options.callbacks.payload = Unmanaged.passUnretained(rejections).toOpaque()
        if let credential {
            // One payload for both callbacks: the credential callback reads it through the rejections' box.
            rejections.credential = credential
            options.callbacks.credentials = PushRejections.acquire
        }
        let specs = references.map { "\($0):\($0)" }
        var cStrings = specs.map { strdup($0) }
        defer { for string in cStrings { free(string) } }
        try cStrings.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            _ = try withExtendedLifetime((credential, rejections)) {
                try check("git_remote_push", path: url, kinds: [GIT_EAUTH.rawValue: .authenticationFailed(url: url)]) {
                    git_remote_push(remote, &array, &options)
                }
            }
        }
        if let (reference, reason) = rejections.first {
            throw GitError(operation: "git_remote_push", message: "\(url) refused \(reference): \(reason)", path: url)
        }
    }
}

/// What a push's remote refused, collected by libgit2's per-reference callback; also carries the token.
private final class PushRejections {
    var first: (String, String)?
    var credential: TokenCredential?

    static let record: git_push_update_reference_cb = { reference, status, payload in
        guard let payload, let status else { return 0 }
        let box = Unmanaged<PushRejections>.fromOpaque(payload).takeUnretainedValue()
        if box.first == nil {
            box.first = (reference.map { String(cString: $0) } ?? "a reference", String(cString: status))
        }
        return 0
    }

    static let acquire: git_credential_acquire_cb = { out, url, user, allowedTypes, payload in
        guard let payload,
            let credential = Unmanaged<PushRejections>.fromOpaque(payload).takeUnretainedValue().credential
        else { return GIT_PASSTHROUGH.rawValue }
        return TokenCredential.acquire(out, url, user, allowedTypes, Unmanaged.passUnretained(credential).toOpaque())
    }
}
