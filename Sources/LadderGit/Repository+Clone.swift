import CGit2

/// How to clone a repository.
public struct CloneOptions: Sendable {
    /// A token for HTTPS remotes (e.g. a GitHub token), sent as the password of user
    /// `x-access-token` when the server asks for credentials. Never stored in the clone's config.
    public var token: String?
    /// The branch to check out; `nil` means the remote's HEAD.
    public var branch: String?
    /// Clone without a working tree.
    public var bare: Bool

    public init(token: String? = nil, branch: String? = nil, bare: Bool = false) {
        self.token = token
        self.branch = branch
        self.bare = bare
    }
}

extension Repository {
    /// Clones `source` (a local path, a `file://` URL or an `https://` URL) into `path`.
    ///
    /// Throws `.authenticationFailed` when the server refuses the token (or asks for one and
    /// none was given) and `.destinationNotEmpty` when `path` exists and is not empty.
    /// Prints nothing: no progress callbacks are installed.
    public static func clone(from source: String, to path: String, options: CloneOptions = .init()) throws -> Repository
    {
        Git.initialize()
        var cloneOptions = git_clone_options()
        try check("git_clone_options_init") { git_clone_options_init(&cloneOptions, UInt32(GIT_CLONE_OPTIONS_VERSION)) }
        cloneOptions.bare = options.bare ? 1 : 0

        let credential = options.token.map(TokenCredential.init)
        if let credential {
            cloneOptions.fetch_opts.callbacks.credentials = TokenCredential.acquire
            cloneOptions.fetch_opts.callbacks.payload = Unmanaged.passUnretained(credential).toOpaque()
        }
        var out: OpaquePointer?
        try withExtendedLifetime(credential) {
            try withOptionalCString(options.branch) { branch in
                cloneOptions.checkout_branch = branch
                try check(
                    "git_clone", path: path,
                    kinds: [
                        GIT_EAUTH.rawValue: .authenticationFailed(url: source),
                        GIT_EEXISTS.rawValue: .destinationNotEmpty(path),
                    ]
                ) {
                    git_clone(&out, source, path, &cloneOptions)
                }
            }
        }
        return Repository.adopting(out!)
    }
}

/// The token of one clone or fetch, handed to libgit2's credential callback as its payload.
final class TokenCredential {
    let token: String
    var offered = false

    init(token: String) {
        self.token = token
    }

    /// Answers the server's request for credentials with the token, once: libgit2 asks
    /// again after a refusal, and offering the same token again would loop forever.
    static let acquire: git_credential_acquire_cb = { out, _, _, allowedTypes, payload in
        guard let payload, allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 else {
            return GIT_PASSTHROUGH.rawValue
        }
        let credential = Unmanaged<TokenCredential>.fromOpaque(payload).takeUnretainedValue()
        guard !credential.offered else {
            git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), "the server refused the token")
            return GIT_EAUTH.rawValue
        }
        credential.offered = true
        return git_credential_userpass_plaintext_new(out, "x-access-token", credential.token)
    }
}

private func withOptionalCString<Result>(_ string: String?, _ body: (UnsafePointer<CChar>?) throws -> Result) rethrows
    -> Result
{
    guard let string else { return try body(nil) }
    return try string.withCString(body)
}
