import Foundation

/// The limit that ended a run.
public enum SandboxLimitKind: String, Sendable, Codable, Equatable, CaseIterable {
    case wall, cpu, memory, pids, output, fsize
}

/// How limits were enforced on this run.
public enum SandboxEnforcement: String, Sendable, Codable, Equatable {
    /// Whole-tree limits through cgroup v1 (memory, pids, cpuacct).
    case cgroupV1 = "cgroup-v1"
    /// Whole-tree limits through cgroup v2.
    case cgroupV2 = "cgroup-v2"
    /// Per-process rlimits only: the fallback when no cgroup could be made.
    case rlimit
}

/// Why a box did not run its command.
public struct SandboxSetupFailure: Sendable, Equatable {
    /// Whose failure it is.
    public enum Kind: String, Sendable, Equatable {
        /// The machine could not build the box: namespaces, mounts, cgroups (one removed under the run), limits.
        /// ``Sandbox/run(_:policy:output:)`` throws ``SandboxError/Code/infrastructure`` for it instead of
        /// returning an outcome.
        case machine
        /// The box was built, but the command could not be started in it: not found, not executable, or its
        /// interpreter missing inside the box.
        case command
    }

    /// Whose failure it is.
    public var kind: Kind
    /// What went wrong, as the launcher said it.
    public var message: String

    /// Creates a failure of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// What happened in one run: how it ended, what it used, what it wrote.
public struct SandboxOutcome: Sendable, Codable, Equatable {
    /// The main program's exit status, when it exited.
    public var exitCode: Int32?
    /// The signal that ended the main program, when one did.
    public var signal: Int32?
    /// From the start of the box to the end of the main program.
    public var wallTime: Duration
    /// CPU time of every process in the box (from cgroup accounting; from rusage under the rlimit fallback).
    public var cpuTime: Duration?
    /// Peak memory of the whole tree (cgroup), or of the largest process under the rlimit fallback.
    public var peakMemoryBytes: Int?
    /// The limit that ended the run, if one did.
    public var limitHit: SandboxLimitKind?
    /// Every limit that was reached, in the order seen (the first is `limitHit`).
    public var limitsReached: [SandboxLimitKind]
    /// The run was stopped by the caller (task cancelled, launcher signalled).
    public var interrupted: Bool
    /// Captured stdout, at most the output limit (empty in `.inherit` mode).
    public var stdout: Data
    /// Captured stderr, at most the output limit (empty in `.inherit` mode).
    public var stderr: Data
    /// Bytes the program wrote to stdout, including any past the limit.
    public var stdoutBytes: Int
    /// Bytes the program wrote to stderr, including any past the limit.
    public var stderrBytes: Int
    /// Stdout went past the output limit and was cut.
    public var stdoutTruncated: Bool
    /// Stderr went past the output limit and was cut.
    public var stderrTruncated: Bool
    /// How the limits were enforced.
    public var enforcement: SandboxEnforcement
    /// The namespaces the box had (`user`, `pid`, `mount`, `network`, `ipc`, `uts`, `cgroup`).
    public var namespaces: [String]
    /// What was weaker than asked, and why (for example a cgroup fallback).
    public var warnings: [String]
    /// Set when the box could not be built or the command could not be started in it: not the program's fault.
    public var setupFailure: SandboxSetupFailure?
    /// Names the run; its cgroups were `<controller>/ladder/<runID>` (removed when it ended).
    public var runID: String?

    /// The message of ``setupFailure``, when there is one.
    public var setupError: String? { setupFailure?.message }

    /// The program ran, exited 0, and no limit ended it.
    public var succeeded: Bool { setupFailure == nil && limitHit == nil && exitCode == 0 && !interrupted }

    /// Creates an outcome (the launcher's report is decoded into one of these).
    public init(
        exitCode: Int32?, signal: Int32?, wallTime: Duration, cpuTime: Duration?, peakMemoryBytes: Int?,
        limitHit: SandboxLimitKind?, limitsReached: [SandboxLimitKind], interrupted: Bool, stdout: Data,
        stderr: Data, stdoutBytes: Int, stderrBytes: Int, stdoutTruncated: Bool, stderrTruncated: Bool,
        enforcement: SandboxEnforcement, namespaces: [String], warnings: [String], setupFailure: SandboxSetupFailure?
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.wallTime = wallTime
        self.cpuTime = cpuTime
        self.peakMemoryBytes = peakMemoryBytes
        self.limitHit = limitHit
        self.limitsReached = limitsReached
        self.interrupted = interrupted
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutBytes = stdoutBytes
        self.stderrBytes = stderrBytes
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
        self.enforcement = enforcement
        self.namespaces = namespaces
        self.warnings = warnings
        self.setupFailure = setupFailure
    }

    enum CodingKeys: String, CodingKey {
        case exitCode = "exit_code"
        case signal
        case wallTime = "wall_ms"
        case cpuTime = "cpu_ms"
        case peakMemoryBytes = "peak_memory_bytes"
        case limitHit = "limit"
        case limitsReached = "limits_reached"
        case interrupted
        case stdout, stderr
        case stdoutBytes = "stdout_bytes"
        case stderrBytes = "stderr_bytes"
        case stdoutTruncated = "stdout_truncated"
        case stderrTruncated = "stderr_truncated"
        case enforcement, namespaces, warnings
        case setupError = "error"
        case setupErrorKind = "error_kind"
        case runID = "run_id"
    }

    /// Decodes the same shape it encodes: the launcher's status JSON plus `stdout`/`stderr` (base64).
    public init(from decoder: Decoder) throws {
        try self.init(fields: JSONFields(decoder: decoder))
    }

    /// Reads the launcher's status (or this type's own encoding, which adds `stdout` and `stderr` in base64).
    init(fields: JSONFields) throws(SandboxError) {
        func duration(_ key: CodingKeys) throws(SandboxError) -> Duration? {
            try fields.double(key.rawValue).map { .microseconds(Int64(($0 * 1000).rounded())) }
        }
        func int32(_ key: CodingKeys) throws(SandboxError) -> Int32? {
            guard let value = try fields.int(key.rawValue) else { return nil }
            guard let small = Int32(exactly: value) else {
                throw SandboxError(.invalidValue, "\(key.rawValue): \(value) is out of range")
            }
            return small
        }
        func limit(_ text: String, _ key: String) throws(SandboxError) -> SandboxLimitKind {
            guard let kind = SandboxLimitKind(rawValue: text) else {
                throw SandboxError(.invalidValue, "\(key): unknown limit '\(text)'")
            }
            return kind
        }
        func data(_ key: CodingKeys) throws(SandboxError) -> Data {
            guard let text = try fields.string(key.rawValue) else { return Data() }
            guard let data = Data(base64Encoded: text) else {
                throw SandboxError(.invalidValue, "\(key.rawValue): not base64")
            }
            return data
        }
        var limitsReached: [SandboxLimitKind] = []
        for text in try fields.strings(CodingKeys.limitsReached.rawValue) ?? [] {
            limitsReached.append(try limit(text, CodingKeys.limitsReached.rawValue))
        }
        let enforcement = try fields.string(CodingKeys.enforcement.rawValue).map { text throws(SandboxError) in
            guard let enforcement = SandboxEnforcement(rawValue: text) else {
                throw SandboxError(.invalidValue, "enforcement: unknown '\(text)'")
            }
            return enforcement
        }
        // Only "command" is the command's; an error of no known kind is never blamed on the lab. ("usage" never
        // reaches an outcome: Sandbox.run throws invalidPolicy for the launcher's exit 2.)
        let kind = try fields.string(CodingKeys.setupErrorKind.rawValue)
        self.init(
            exitCode: try int32(.exitCode), signal: try int32(.signal), wallTime: try duration(.wallTime) ?? .zero,
            cpuTime: try duration(.cpuTime), peakMemoryBytes: try fields.int(CodingKeys.peakMemoryBytes.rawValue),
            limitHit: try fields.string(CodingKeys.limitHit.rawValue).map { text throws(SandboxError) in
                try limit(text, CodingKeys.limitHit.rawValue)
            },
            limitsReached: limitsReached, interrupted: try fields.bool(CodingKeys.interrupted.rawValue) ?? false,
            stdout: try data(.stdout), stderr: try data(.stderr),
            stdoutBytes: try fields.int(CodingKeys.stdoutBytes.rawValue) ?? 0,
            stderrBytes: try fields.int(CodingKeys.stderrBytes.rawValue) ?? 0,
            stdoutTruncated: try fields.bool(CodingKeys.stdoutTruncated.rawValue) ?? false,
            stderrTruncated: try fields.bool(CodingKeys.stderrTruncated.rawValue) ?? false,
            enforcement: enforcement ?? .rlimit, namespaces: try fields.strings(CodingKeys.namespaces.rawValue) ?? [],
            warnings: try fields.strings(CodingKeys.warnings.rawValue) ?? [],
            setupFailure: try fields.string(CodingKeys.setupError.rawValue).map {
                SandboxSetupFailure(kind == SandboxSetupFailure.Kind.command.rawValue ? .command : .machine, $0)
            })
        runID = try fields.string(CodingKeys.runID.rawValue)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func ms(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        try c.encode(exitCode, forKey: .exitCode)
        try c.encode(signal, forKey: .signal)
        try c.encode(ms(wallTime), forKey: .wallTime)
        try c.encode(cpuTime.map(ms), forKey: .cpuTime)
        try c.encode(peakMemoryBytes, forKey: .peakMemoryBytes)
        try c.encode(limitHit, forKey: .limitHit)
        try c.encode(limitsReached, forKey: .limitsReached)
        try c.encode(interrupted, forKey: .interrupted)
        try c.encode(stdout, forKey: .stdout)
        try c.encode(stderr, forKey: .stderr)
        try c.encode(stdoutBytes, forKey: .stdoutBytes)
        try c.encode(stderrBytes, forKey: .stderrBytes)
        try c.encode(stdoutTruncated, forKey: .stdoutTruncated)
        try c.encode(stderrTruncated, forKey: .stderrTruncated)
        try c.encode(enforcement, forKey: .enforcement)
        try c.encode(namespaces, forKey: .namespaces)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(setupFailure?.message, forKey: .setupError)
        try c.encode(setupFailure?.kind.rawValue, forKey: .setupErrorKind)
        try c.encodeIfPresent(runID, forKey: .runID)
    }
}
