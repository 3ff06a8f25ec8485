import Foundation

/// What a run may see and use: a profile, limits over its defaults, extra mounts, the work directory, environment, input.
public struct SandboxPolicy: Sendable, Codable, Equatable {
    /// The profile whose mounts, environment, defaults and maxima apply.
    public var profile: String
    /// Limits that override the profile's defaults (each checked against the profile's maxima).
    public var limits: SandboxLimits
    /// Extra host paths bound read-only (they must exist).
    public var readOnlyMounts: [SandboxMount]
    /// Extra host paths bound writable (they must exist).
    public var writableMounts: [SandboxMount]
    /// Host directory bound writable at `/work`, where the program starts; as root it is handed to the box's uid.
    public var workdir: String?
    /// Environment added over the profile's (the host's environment is never passed in).
    public var environment: [String: String]
    /// What the program reads on stdin.
    public var stdin: SandboxInput
    /// A Unix socket on the host relayed to a TCP port on the box's own loopback (for HTTP graders).
    public var forward: SandboxForward?
    /// Hostname inside the box.
    public var hostname: String?
    /// Which network the box has: its own loopback only (the default), or the host's.
    public var network: SandboxNetwork
    /// Use cgroups when the machine has them; `false` forces the per-process rlimit fallback.
    public var useCgroups: Bool

    /// Creates a policy; everything left out comes from the profile.
    public init(
        profile: String = "default", limits: SandboxLimits = SandboxLimits(), readOnlyMounts: [SandboxMount] = [],
        writableMounts: [SandboxMount] = [], workdir: String? = nil, environment: [String: String] = [:],
        stdin: SandboxInput = .none, forward: SandboxForward? = nil, hostname: String? = nil,
        network: SandboxNetwork = .loopback, useCgroups: Bool = true
    ) {
        self.profile = profile
        self.limits = limits
        self.readOnlyMounts = readOnlyMounts
        self.writableMounts = writableMounts
        self.workdir = workdir
        self.environment = environment
        self.stdin = stdin
        self.forward = forward
        self.hostname = hostname
        self.network = network
        self.useCgroups = useCgroups
    }
}

/// A host path made visible inside the box.
public struct SandboxMount: Sendable, Codable, Equatable {
    /// Absolute path on the host.
    public var source: String
    /// Absolute path inside the box.
    public var destination: String

    /// Binds `source` at `destination` (by default the same path).
    public init(_ source: String, at destination: String? = nil) {
        self.source = source
        self.destination = destination ?? source
    }
}

/// The program's standard input.
public enum SandboxInput: Sendable, Codable, Equatable {
    /// `/dev/null`.
    case none
    /// A host file.
    case file(String)
    /// These bytes.
    case data(Data)
    /// An empty pipe held open until the run ends: a read waits for input that never comes, as under a CI runner
    /// that starts a program without closing its stdin (GitHub Classroom's autograding does).
    case open
}

/// The network a box has.
public enum SandboxNetwork: String, Sendable, Codable, Equatable {
    /// A network namespace of its own with only loopback: nothing outside the box is reachable.
    case loopback
    /// The host's network namespace, with the host's `/etc/resolv.conf` and `/etc/hosts` bound read-only: for
    /// trusted commands that download (an instructor's setup), never for learner code. Cannot be combined with a
    /// forward.
    case host
}

/// A host Unix socket whose connections go to `127.0.0.1:port` inside the box.
public struct SandboxForward: Sendable, Codable, Equatable {
    /// Where the launcher listens on the host (at most 107 bytes).
    public var socketPath: String
    /// The TCP port the service listens on inside the box.
    public var port: Int

    /// Relays connections on `socketPath` to the box's `127.0.0.1:port`.
    public init(socketPath: String, port: Int) {
        self.socketPath = socketPath
        self.port = port
    }
}

/// Where the program's stdout and stderr go.
public enum SandboxOutputMode: Sendable, Equatable {
    /// Collected into the outcome's `stdout` and `stderr` (each cut at the output limit).
    case capture
    /// Written straight to the caller's own stdout and stderr (still counted and cut); the outcome's data stays empty.
    case inherit
}
