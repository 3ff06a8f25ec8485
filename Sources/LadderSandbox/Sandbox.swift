import Foundation
import LadderUnits

#if canImport(Glibc)
import Glibc
#endif

/// Runs commands in the `ladder-sandbox` launcher under a policy and reports their outcome.
///
/// It is given the launcher and the profiles directory; where an installation or a checkout keeps them is
/// `CatalogLocator`'s (LadderCore), the one place that knows those layouts and the variables that override them.
public struct Sandbox: Sendable {
    /// Path of the `ladder-sandbox` launcher in use.
    public let launcherPath: String
    /// Directory the profiles are read from.
    public let profilesDirectory: String
    /// Where per-run scratch directories (captured output, stdin data, status) are made and removed.
    public let temporaryDirectory: String
    /// When set, each box claims a CPU of its own among the boxes of this group (of this user, in any process), so
    /// that boxes running side by side are spread over the cores; a box that starts alone is never pinned. Ladder
    /// uses ``defaultCPUGroup``; nil leaves every box where the scheduler puts it.
    public let cpuGroup: String?

    /// The group in which every Ladder process's boxes claim CPUs.
    public static let defaultCPUGroup = "ladder"

    /// A sandbox that runs `launcher` under the profiles in `profilesDirectory`; throws when either is missing.
    /// Per-run files go to `temporaryDirectory`, by default `$TMPDIR` or /tmp; with a `cpuGroup`, boxes that run side
    /// by side each get a core of their own (see ``cpuGroup``).
    public init(
        launcher: String, profilesDirectory: String, temporaryDirectory: String? = nil, cpuGroup: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: launcher) else {
            throw SandboxError(
                .launcherNotFound,
                "the sandbox launcher \(launcher) is not an executable file; "
                    + "build it with 'swift build --product ladder-sandbox'")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: profilesDirectory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw SandboxError(
                .profilesNotFound,
                "the sandbox profiles directory \(profilesDirectory) does not exist; "
                    + "give the directory that holds the profiles (*.json), such as the repository's Sandbox/profiles")
        }
        self.launcherPath = launcher
        self.profilesDirectory = profilesDirectory
        self.temporaryDirectory = temporaryDirectory ?? environment["TMPDIR"] ?? "/tmp"
        self.cpuGroup = cpuGroup
    }

    /// A directory for one run's own files (stdin, captured output, status) under ``temporaryDirectory``.
    func runScratch() throws(SandboxError) -> ScratchDirectory {
        do {
            return try ScratchDirectory(in: temporaryDirectory, prefix: "ladder-sandbox-")
        } catch {
            throw SandboxError(.launchFailed, error.description)
        }
    }

    /// Loads a profile from this sandbox's profiles directory.
    public func profile(named name: String) throws -> SandboxProfile {
        try SandboxProfile.load(named: name, from: profilesDirectory)
    }

    /// Runs `command` in a fresh box under `policy` and returns what happened.
    ///
    /// Throws for a bad policy (``SandboxError/Code/invalidPolicy``), a launcher that cannot start or report
    /// (``SandboxError/Code/launchFailed``), and a box the machine could not build (namespaces, mounts, cgroups, a
    /// cgroup removed under the run: ``SandboxError/Code/infrastructure``); ``SandboxError/isMachineFailure`` tells
    /// the machine's failures apart. A command that cannot be started inside the box (not found, not executable) is
    /// an outcome with a ``SandboxSetupFailure/Kind/command`` ``SandboxOutcome/setupFailure``. Cancelling the task
    /// stops the box (`interrupted`).
    public func run(_ command: [String], policy: SandboxPolicy, output: SandboxOutputMode = .capture) async throws
        -> SandboxOutcome
    {
        guard let first = command.first, !first.isEmpty else {
            throw SandboxError(.invalidPolicy, "no command to run in the sandbox")
        }
        let profile = try profile(named: policy.profile)
        let limits = policy.limits.merged(over: profile.defaults)
        try limits.validate(maxima: profile.maxima, profile: profile.name)
        try Sandbox.check(policy)

        let scratch = try runScratch()
        defer { scratch.remove() }
        var stdinPath: String?
        switch policy.stdin {
        case .none, .open: stdinPath = nil
        case .file(let path): stdinPath = path
        case .data(let data):
            stdinPath = scratch.path("stdin")
            guard FileManager.default.createFile(atPath: stdinPath!, contents: data) else {
                throw SandboxError(.launchFailed, "cannot write the program's stdin to \(stdinPath!)")
            }
        }
        let capture = output == .capture
        let arguments = Sandbox.launcherArguments(
            command: command, policy: policy, profile: profile, limits: limits, stdin: stdinPath,
            stdout: capture ? scratch.path("stdout") : nil, stderr: capture ? scratch.path("stderr") : nil,
            cpuGroup: cpuGroup)
        let exit = try await LauncherProcess.run(
            launcher: launcherPath, arguments: arguments, statusFile: scratch.path("status.json"),
            diagnosticsFile: capture ? scratch.path("launcher.err") : nil)

        let status = FileManager.default.contents(atPath: scratch.path("status.json")) ?? Data()
        guard !status.isEmpty, var outcome = try? SandboxOutcome(fields: JSONFields(parsing: status)) else {
            let diagnostics = (try? String(contentsOfFile: scratch.path("launcher.err"), encoding: .utf8)) ?? ""
            throw SandboxError(
                .launchFailed,
                "the sandbox launcher \(launcherPath) \(exit.description) without reporting a result"
                    + (diagnostics.isEmpty ? "" : ": \(diagnostics.trimmingCharacters(in: .whitespacesAndNewlines))"))
        }
        if exit.code == 2 {
            throw SandboxError(.invalidPolicy, outcome.setupError ?? "the sandbox launcher rejected its options")
        }
        if let failure = outcome.setupFailure, failure.kind == .machine {
            throw SandboxError(
                .infrastructure, "the sandbox could not build the box on this machine: \(failure.message)")
        }
        if capture {
            outcome.stdout = FileManager.default.contents(atPath: scratch.path("stdout")) ?? Data()
            outcome.stderr = FileManager.default.contents(atPath: scratch.path("stderr")) ?? Data()
        }
        return outcome
    }

    /// The launcher's command line for a run (without the launcher's own path).
    static func launcherArguments(
        command: [String], policy: SandboxPolicy, profile: SandboxProfile, limits: SandboxLimits,
        stdin: String?, stdout: String?, stderr: String?, cpuGroup: String? = nil
    ) -> [String] {
        var args = ["--status-fd", "3"]
        for path in profile.readOnly { args += ["--ro-bind-try", path] }
        if policy.network == .host {
            args.append("--share-net")
            // Where names are looked up on the host; a link (systemd-resolved's) is bound as the file it leads to.
            for path in hostNetworkFiles {
                args += ["--ro-bind-try", "\(URL(fileURLWithPath: path).resolvingSymlinksInPath().path):\(path)"]
            }
        }
        for mount in policy.readOnlyMounts { args += ["--ro-bind", "\(mount.source):\(mount.destination)"] }
        for mount in policy.writableMounts { args += ["--bind", "\(mount.source):\(mount.destination)"] }
        if let workdir = policy.workdir { args += ["--workdir", workdir] }
        if let wall = limits.wallTime { args += ["--wall-ms", "\(Units.milliseconds(wall))"] }
        if let cpu = limits.cpuTime { args += ["--cpu-ms", "\(Units.milliseconds(cpu))"] }
        if let memory = limits.memoryBytes { args += ["--memory", "\(memory)"] }
        if let pids = limits.processes { args += ["--pids", "\(pids)"] }
        if let output = limits.outputBytes { args += ["--output", "\(output)"] }
        if let fsize = limits.fileSizeBytes { args += ["--fsize", "\(fsize)"] }
        if let nofile = limits.openFiles { args += ["--nofile", "\(nofile)"] }
        if let stack = limits.stackBytes { args += ["--stack", "\(stack)"] }
        if let tmp = limits.tmpBytes { args += ["--tmpfs-size", "\(tmp)"] }
        let environment = profile.environment.merging(policy.environment) { _, own in own }
        for key in environment.keys.sorted() { args += ["--setenv", "\(key)=\(environment[key]!)"] }
        if let stdin { args += ["--stdin", stdin] }
        if policy.stdin == .open { args.append("--stdin-open") }
        if let stdout { args += ["--stdout", stdout] }
        if let stderr { args += ["--stderr", stderr] }
        if let forward = policy.forward { args += ["--forward", "\(forward.socketPath)=\(forward.port)"] }
        if let hostname = policy.hostname { args += ["--hostname", hostname] }
        if !policy.useCgroups { args.append("--no-cgroup") }
        if let cpuGroup { args += ["--claim-cpu", cpuGroup] }
        return args + ["--"] + command
    }

    /// The host's files a box on the host's network needs to look names up.
    static let hostNetworkFiles = ["/etc/resolv.conf", "/etc/hosts"]

    private static func check(_ policy: SandboxPolicy) throws {
        for mount in policy.readOnlyMounts + policy.writableMounts {
            guard mount.source.hasPrefix("/"), mount.destination.hasPrefix("/"),
                !mount.source.contains(":"), !mount.destination.contains(":")
            else {
                throw SandboxError(
                    .invalidPolicy,
                    "mount \(mount.source) -> \(mount.destination): both paths must be absolute and without ':'")
            }
        }
        if let workdir = policy.workdir {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workdir, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw SandboxError(.invalidPolicy, "workdir \(workdir) is not a directory")
            }
        }
        for key in policy.environment.keys where key.isEmpty || key.contains("=") {
            throw SandboxError(.invalidPolicy, "environment variable name '\(key)' is empty or contains '='")
        }
        if let forward = policy.forward {
            guard policy.network == .loopback else {
                throw SandboxError(
                    .invalidPolicy, "a forward needs the box's own network: it cannot be combined with the host's")
            }
            guard (1...65535).contains(forward.port) else {
                throw SandboxError(.invalidPolicy, "forward port \(forward.port) is not between 1 and 65535")
            }
            guard forward.socketPath.hasPrefix("/"), forward.socketPath.utf8.count <= 107 else {
                throw SandboxError(
                    .invalidPolicy,
                    "forward socket path \(forward.socketPath) must be absolute and at most 107 bytes")
            }
        }
    }
}
