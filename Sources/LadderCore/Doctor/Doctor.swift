import Foundation
import LadderGit
import LadderModel
import LadderPostgres
import LadderSandbox
import LadderStore

/// What this machine can do for Ladder, each check backed by a real attempt rather than a guess.
public struct DoctorReport: Sendable, Codable {
    public struct Check: Sendable, Codable {
        public enum Status: String, Sendable, Codable {
            case ok
            case warning
            case failed
        }

        public let name: String
        public let status: Status
        public let summary: String
        public let details: [String]
    }

    public let checks: [Check]
    /// The files Ladder uses and where each came from, by role: `launcher`, `profiles`, `catalog`, `store`, `scratch`.
    public let files: [String: LocatedPath]
    public let sandbox: SandboxCapabilities?
    /// Each language runtime, as the sandbox ran it.
    public let runtimes: [RuntimeStatus]

    public var healthy: Bool { !checks.contains { $0.status == .failed } }
}

/// Runs `ladder doctor`'s checks: the files in use, libgit2, the catalog, the store, the sandbox and the runtimes.
public enum Doctor {
    public static func run(
        catalogPath: String?, storePath: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> DoctorReport {
        var checks: [DoctorReport.Check] = []
        let locator = CatalogLocator(explicitPath: catalogPath, environment: environment)
        let files = locateFiles(locator, storePath: storePath, environment: environment)
        checks.append(filesCheck(files))

        let features = Git.features
        let featureNames = [
            ("threads", features.contains(.threads)), ("https", features.contains(.https)),
            ("ssh", features.contains(.ssh)),
        ]
        .map { "\($0.0) \($0.1 ? "yes" : "no")" }
        checks.append(
            .init(name: "libgit2", status: .ok, summary: "libgit2 \(Git.libgit2Version)", details: featureNames))

        var catalog: Catalog?
        do {
            let root = try locator.locate()
            let loaded = try Catalog.load(root: root)
            catalog = loaded
            let missingGraders = loaded.labs.filter {
                !FileManager.default.fileExists(atPath: root + "/Graders/" + $0.id + "/grader.toml")
            }
            checks.append(
                .init(
                    name: "catalog", status: missingGraders.isEmpty ? .ok : .warning,
                    summary: "\(loaded.labs.count) lab\(loaded.labs.count == 1 ? "" : "s") in \(root)",
                    details: missingGraders.map { "lab \($0.id) has no hidden grader (Graders/\($0.id)/grader.toml)" }))
        } catch {
            checks.append(.init(name: "catalog", status: .failed, summary: "\(error)", details: []))
        }

        do {
            let address = try StoreAddress.resolve(storePath, environment: environment)
            let store: any ResultStore
            let summary: String
            switch address {
            case .file(let location):
                store = try SQLiteResultStore(location: location)
                summary = "SQLite results store at \(location.path)"
            case .postgres(let url):
                let opened = try await PostgresResultStore.open(url: url, reapOnOpen: false)
                store = opened
                summary = "PostgreSQL results store at \(opened.url)"
            }
            let reaped = try await store.reapInterrupted()
            checks.append(
                .init(
                    name: "store", status: .ok, summary: summary,
                    details: reaped.isEmpty ? [] : ["marked \(reaped.count) abandoned attempt(s) interrupted"]))
        } catch {
            checks.append(.init(name: "store", status: .failed, summary: "\(error)", details: []))
        }

        var capabilities: SandboxCapabilities?
        do {
            let sandbox = try locator.sandbox(catalogRoot: catalog?.root)
            let caps = await sandbox.capabilities()
            capabilities = caps
            var details = [
                "namespaces: \(caps.namespaces.joined(separator: ", "))",
                "user: \(caps.userMode)",
                "cgroups: \(caps.cgroupVersion ?? "none") (\(caps.cgroupControllers.joined(separator: ", ")))",
                "limits enforced by: \(caps.enforcement.rawValue)",
            ]
            details += caps.fallbacks.map { "fallback: \($0)" }
            if let problem = caps.cgroupProblem { details.append("cgroup problem: \(problem)") }
            if caps.enforcement == .rlimit {
                details += rootlessLimits(caps, ownCgroup: delegatedCgroup())
            }
            if let run = caps.testRun {
                details.append(
                    "test run: exit \(run.exitCode.map(String.init) ?? "-"), \(Units.milliseconds(run.wallTime)) ms wall"
                )
            }
            let status: DoctorReport.Check.Status =
                !caps.testRunPassed ? .failed : (caps.enforcement == .rlimit ? .warning : .ok)
            let summary =
                caps.testRunPassed
                ? "isolation works; limits through \(caps.enforcement.rawValue)"
                    + (caps.enforcement == .rlimit ? ", per process" : ", per process tree")
                : "the test run failed: \(caps.testRunError ?? "unknown")"
            checks.append(.init(name: "sandbox", status: status, summary: summary, details: details))
        } catch {
            checks.append(.init(name: "sandbox", status: .failed, summary: "\(error)", details: []))
        }

        var runtimes: [RuntimeStatus] = []
        if let sandbox = try? locator.sandbox(catalogRoot: catalog?.root) {
            runtimes = await Self.runtimes(
                sandbox: sandbox, catalog: catalog, scratchParent: scratchLocation(environment: environment).path)
            checks.append(runtimesCheck(runtimes))
        } else {
            checks.append(
                .init(name: "runtimes", status: .failed, summary: "no sandbox to try the runtimes in", details: []))
        }
        return DoctorReport(
            checks: checks, files: files.compactMapValues { try? $0.get() }, sandbox: capabilities, runtimes: runtimes)
    }

    /// Where a runtime is found: the directories the sandbox profiles mount.
    static func runtimePath(_ binary: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/opt/swift/usr/bin/"].map { $0 + binary }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// The order `ladder doctor` lists the files in.
    static let fileRoles = ["launcher", "profiles", "catalog", "store", "scratch"]

    /// Each file Ladder would use, found the way the commands find it, or why it cannot be.
    static func locateFiles(_ locator: CatalogLocator, storePath: String?, environment: [String: String])
        -> [String: Result<LocatedPath, LadderError>]
    {
        var files: [String: Result<LocatedPath, LadderError>] = [:]
        let catalog = Result { () throws(LadderError) in try locator.find() }
        files["catalog"] = catalog
        files["launcher"] = Result { () throws(LadderError) in try locator.launcher() }
        files["profiles"] = Result { () throws(LadderError) in
            try locator.profiles(catalogRoot: try? catalog.get().path)
        }
        files["store"] = Result { () throws(LadderError) in try storeLocation(storePath, environment: environment) }
        files["scratch"] = .success(scratchLocation(environment: environment))
        return files
    }

    static func filesCheck(_ files: [String: Result<LocatedPath, LadderError>]) -> DoctorReport.Check {
        var details: [String] = []
        var failed = false
        for role in fileRoles {
            switch files[role] {
            case .success(let located):
                var note = ""
                if role == "catalog" && access(located.path, W_OK) != 0 {
                    note = "; read-only for you, which is fine: Ladder never writes there"
                }
                if role == "scratch" && access(located.path, W_OK | X_OK) != 0 {
                    note = "; NOT writable: set TMPDIR to a directory you can write to"
                    failed = true
                }
                details.append(
                    "\(role.padding(toLength: 9, withPad: " ", startingAt: 0))\(located.path)  (\(located.reason)\(note))"
                )
            case .failure(let error):
                failed = true
                details.append("\(role.padding(toLength: 9, withPad: " ", startingAt: 0))\(error)")
            case nil:
                continue
            }
        }
        let executable = CatalogLocator.currentExecutable()
        return .init(
            name: "files", status: failed ? .failed : .ok,
            summary: failed ? "a file Ladder needs is missing or unusable" : "\(executable) and the files it uses",
            details: details)
    }

    /// The results store and where it came from, in the order ``StoreLocation`` chooses it.
    static func storeLocation(_ flag: String?, environment: [String: String]) throws(LadderError) -> LocatedPath {
        if let flag {
            let shown = StoreAddress.isDatabaseURL(flag) ? StoreAddress.redacted(flag) : StoreLocation(path: flag).path
            return LocatedPath(shown, .flag, "--store")
        }
        if let variable = environment[StoreLocation.environmentVariable], StoreAddress.isDatabaseURL(variable) {
            return LocatedPath(StoreAddress.redacted(variable), .environment, "$\(StoreLocation.environmentVariable)")
        }
        let location: StoreLocation
        do {
            location = try StoreLocation.defaultLocation(environment: environment)
        } catch {
            throw LadderError(.infrastructure, "\(error)")
        }
        if let variable = environment[StoreLocation.environmentVariable], !variable.isEmpty {
            return LocatedPath(location.path, .environment, "$\(StoreLocation.environmentVariable)")
        }
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return LocatedPath(location.path, .environment, "$XDG_DATA_HOME")
        }
        return LocatedPath(location.path, .userDefault, "your data directory, ~/.local/share")
    }

    /// Where this process's scratch space goes, the way ``ScratchSpace/defaultParent(environment:)`` decides.
    static func scratchLocation(environment: [String: String]) -> LocatedPath {
        let parent = ScratchSpace.defaultParent(environment: environment)
        if let tmp = environment["TMPDIR"], !tmp.isEmpty {
            return LocatedPath(parent, .environment, "$TMPDIR")
        }
        if parent == "/dev/shm" {
            return LocatedPath(parent, .userDefault, "a memory file system, as TMPDIR is unset")
        }
        return LocatedPath(parent, .userDefault, "the system's temporary directory, as TMPDIR is unset")
    }

    /// What the rlimit fallback means and how to get limits on the whole process tree on this machine.
    static func rootlessLimits(_ caps: SandboxCapabilities, ownCgroup: String?) -> [String] {
        var lines = [
            "limits are per process: memory is RLIMIT_DATA of each process (the memory it allocates; a program "
                + "stopped by it is reported as memory-limit), CPU time is RLIMIT_CPU of each process, processes are "
                + "RLIMIT_NPROC of your uid, peak memory is that of the largest process"
        ]
        if caps.runningAsRoot {
            lines.append(
                "for limits on the whole process tree, give Ladder a cgroup hierarchy with the memory and pids controllers"
            )
        } else if caps.cgroupVersion == "v2" {
            if let ownCgroup {
                lines.append(
                    "you are in a delegated cgroup (\(ownCgroup)) but the launcher did not put the run in it "
                        + "(\(caps.cgroupProblem ?? "no reason given")); limits stay per process")
            } else {
                lines.append(
                    "for limits on the whole process tree as yourself, run Ladder in a cgroup delegated to you "
                        + "by your systemd user session: `systemd-run --user --scope -p Delegate=yes ladder submit`")
            }
        } else {
            lines.append(
                "cgroup v1 lets only root make the run cgroups: limits on the whole process tree need Ladder run "
                    + "as root (as CI does) or a machine with cgroup v2 and a systemd user session")
        }
        return lines
    }

    /// This process's cgroup v2 directory, when it is one it may write to (delegated to this user).
    static func delegatedCgroup() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("0::/") {
            let path = "/sys/fs/cgroup" + line.dropFirst(3)
            if access(path + "/cgroup.subtree_control", W_OK) == 0 {
                return path
            }
        }
        return nil
    }
}
