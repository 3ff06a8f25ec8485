import CGit2

/// Process-wide facts and settings of the libgit2 library.
public enum Git {
    /// What the linked libgit2 was built to support.
    public struct Features: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let threads = Features(rawValue: Int32(GIT_FEATURE_THREADS.rawValue))
        public static let https = Features(rawValue: Int32(GIT_FEATURE_HTTPS.rawValue))
        public static let ssh = Features(rawValue: Int32(GIT_FEATURE_SSH.rawValue))
    }

    /// The version of the linked libgit2, e.g. "1.5.1".
    public static var libgit2Version: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    /// The features the linked libgit2 was built with.
    public static var features: Features {
        Features(rawValue: git_libgit2_features()).intersection([.threads, .https, .ssh])
    }

    /// Sets the directories libgit2 searches for the global, XDG and system config files.
    ///
    /// A path replaces the machine's default for that level (a directory without a config
    /// file means "no config at that level"); `nil` restores libgit2's default. This is
    /// process-wide and applies to repositories opened afterwards; tests use it so they
    /// never depend on the machine's `~/.gitconfig`.
    public static func setConfigSearchPaths(global: String?, xdg: String?, system: String?) throws {
        initialize()
        let levels = [
            (GIT_CONFIG_LEVEL_GLOBAL, global), (GIT_CONFIG_LEVEL_XDG, xdg), (GIT_CONFIG_LEVEL_SYSTEM, system),
        ]
        for (level, path) in levels {
            try check("git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH)", path: path) {
                ladder_git_set_search_path(level, path)
            }
        }
    }

    /// Turns on or off libgit2's refusal to open a repository owned by another user.
    ///
    /// On by default, like git's `safe.directory` check. CI runners that check a repository
    /// out as one user and grade it as another may need to turn it off; LadderGit never runs
    /// programs named in a repository's config, which is what the check protects against in git.
    public static func setOwnerValidation(_ enabled: Bool) throws {
        initialize()
        try check("git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION)") {
            ladder_git_set_owner_validation(enabled ? 1 : 0)
        }
    }

    /// Initializes libgit2 once per process; every entry point calls this first.
    static func initialize() {
        _ = initialized
    }

    // A static `let` is initialized lazily, exactly once, and thread-safely. libgit2 is
    // never shut down: handles may outlive any point where shutting down would be safe.
    private static let initialized: Void = {
        _ = git_libgit2_init()
    }()
}

extension Git {
    /// The user's `user.name` and `user.email` from the global, XDG and system config, outside any repository.
    public static func configuredIdentity() -> Signature? {
        initialize()
        var config: OpaquePointer?
        guard git_config_open_default(&config) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var snapshot: OpaquePointer?
        guard git_config_snapshot(&snapshot, config) == 0, let snapshot else { return nil }
        defer { git_config_free(snapshot) }
        func string(_ key: String) -> String? {
            var value: UnsafePointer<CChar>?
            guard git_config_get_string(&value, snapshot, key) == 0, let value else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        guard let email = string("user.email") else { return nil }
        return Signature(name: string("user.name") ?? email, email: email)
    }
}
