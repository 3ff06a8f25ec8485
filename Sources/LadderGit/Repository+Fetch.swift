import CGit2

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
