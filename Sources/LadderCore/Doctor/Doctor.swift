import Foundation
import LadderGit
import LadderModel
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
    public let sandbox: SandboxCapabilities?

    public var healthy: Bool { !checks.contains { $0.status == .failed } }
}

/// Runs `ladder doctor`'s checks: libgit2, the catalog, the store, the sandbox and the runtimes its profiles need.
public enum Doctor {
    public static func run(catalogPath: String?, storePath: String?) async -> DoctorReport {
        var checks: [DoctorReport.Check] = []
        let features = Git.features
        let featureNames = [("threads", features.contains(.threads)), ("https", features.contains(.https)), ("ssh", features.contains(.ssh))]
            .map { "\($0.0) \($0.1 ? "yes" : "no")" }
        checks.append(.init(name: "libgit2", status: .ok, summary: "libgit2 \(Git.libgit2Version)", details: featureNames))

        var catalog: Catalog?
        do {
            let root = try CatalogLocator(explicitPath: catalogPath).locate()
            let loaded = try Catalog.load(root: root)
            catalog = loaded
            let missingGraders = loaded.labs.filter { !FileManager.default.fileExists(atPath: root + "/Graders/" + $0.id + "/grader.toml") }
            checks.append(.init(
                name: "catalog", status: missingGraders.isEmpty ? .ok : .warning,
                summary: "\(loaded.labs.count) lab\(loaded.labs.count == 1 ? "" : "s") in \(root)",
                details: missingGraders.map { "lab \($0.id) has no hidden grader (Graders/\($0.id)/grader.toml)" }))
        } catch {
            checks.append(.init(name: "catalog", status: .failed, summary: "\(error)", details: []))
        }

        do {
            let location = try storePath.map { StoreLocation(path: $0) } ?? StoreLocation.defaultLocation()
            let store = try SQLiteResultStore(location: location)
            let reaped = try await store.reapInterrupted()
            checks.append(.init(
                name: "store", status: .ok, summary: "SQLite results store at \(location.path)",
                details: reaped.isEmpty ? [] : ["marked \(reaped.count) abandoned attempt(s) interrupted"]))
        } catch {
            checks.append(.init(name: "store", status: .failed, summary: "\(error)", details: []))
        }

        var capabilities: SandboxCapabilities?
        do {
            let profiles = catalog.map { $0.root + "/Sandbox/profiles" }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
            let sandbox = try Sandbox(profilesDirectory: profiles)
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
            if let run = caps.testRun {
                details.append("test run: exit \(run.exitCode.map(String.init) ?? "-"), \(Units.milliseconds(run.wallTime)) ms wall")
            }
            let status: DoctorReport.Check.Status = !caps.testRunPassed ? .failed : (caps.enforcement == .rlimit ? .warning : .ok)
            let summary = caps.testRunPassed
                ? "isolation works; limits through \(caps.enforcement.rawValue)"
                : "the test run failed: \(caps.testRunError ?? "unknown")"
            checks.append(.init(name: "sandbox", status: status, summary: summary, details: details))
        } catch {
            checks.append(.init(name: "sandbox", status: .failed, summary: "\(error)", details: []))
        }

        let runtimes: [(String, String)] = [("python3", "python labs"), ("node", "node labs"), ("java", "jvm labs"), ("gcc", "c labs"), ("swift", "swift labs")]
        let runtimeDetails = runtimes.map { binary, purpose in
            runtimePath(binary).map { "\(binary): \($0)" } ?? "\(binary): not found (needed by \(purpose))"
        }
        let needed = Set((catalog?.labs ?? []).flatMap { $0.languages.compactMap(\.run.first) })
        let missingNeeded = needed.filter { runtimePath($0) == nil }
        checks.append(.init(
            name: "runtimes", status: missingNeeded.isEmpty ? .ok : .failed,
            summary: missingNeeded.isEmpty ? "every runtime the catalog's labs use is installed" : "missing: \(missingNeeded.sorted().joined(separator: ", "))",
            details: runtimeDetails))
        return DoctorReport(checks: checks, sandbox: capabilities)
    }

    /// Where the sandbox finds a runtime: the directories its profiles mount.
    static func runtimePath(_ binary: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/opt/swift/usr/bin/"].map { $0 + binary }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
