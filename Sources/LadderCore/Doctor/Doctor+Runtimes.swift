import Foundation
import LadderModel
import LadderSandbox

/// One language runtime as `ladder doctor` found it.
public struct RuntimeStatus: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Its version ran in the box, and so did its hello program.
        case works
        /// Its command is not on this machine.
        case notInstalled = "not-installed"
        /// Installed, but the version or the hello program failed in the box.
        case broken
        /// No Debian package provides it, so no lab offers it.
        case unavailable
    }

    /// The profile's name (`go`), or the language's id when it has no profile.
    public let profile: String
    public let name: String
    public let state: State
    /// The first line the version command printed, or why it is not there.
    public let detail: String
    /// The labs whose languages run under this profile.
    public let usedBy: [String]
}

extension Doctor {
    /// Languages of the competency map that this machine cannot offer, and why: named rather than left out silently.
    static let unavailableRuntimes = [
        RuntimeStatus(
            profile: "csharp", name: "C#", state: .unavailable,
            detail: "Debian's packages have no .NET, so no lab can be offered in C#", usedBy: [])
    ]

    /// Every runtime a sandbox profile is for: its version and its hello program, each run in the box under that
    /// profile, so a missing file in a profile (the JVM's /etc/java-*) shows here rather than in a learner's grade.
    static func runtimes(sandbox: Sandbox, catalog: Catalog?, scratchParent: String) async -> [RuntimeStatus] {
        var statuses: [RuntimeStatus] = []
        for name in SandboxProfile.available(in: sandbox.profilesDirectory) {
            guard let profile = try? sandbox.profile(named: name), let runtime = profile.runtime else { continue }
            let usedBy = (catalog?.labs ?? []).filter { lab in lab.languages.contains { $0.profile == name } }.map(\.id)
            statuses.append(
                await probe(runtime, profile: name, usedBy: usedBy, sandbox: sandbox, scratchParent: scratchParent))
        }
        return statuses + unavailableRuntimes
    }

    static func probe(
        _ runtime: SandboxRuntime, profile: String, usedBy: [String], sandbox: Sandbox,
        scratchParent: String
    ) async -> RuntimeStatus {
        func status(_ state: RuntimeStatus.State, _ detail: String) -> RuntimeStatus {
            RuntimeStatus(profile: profile, name: runtime.name, state: state, detail: detail, usedBy: usedBy)
        }
        guard let command = runtime.version.first, runtimePath(command) != nil else {
            let install =
                runtime.packages.isEmpty ? "" : " (apt-get install \(runtime.packages.joined(separator: " ")))"
            return status(.notInstalled, "\(runtime.version.first ?? "its command") is not installed\(install)")
        }
        let limits = SandboxLimits(wallTime: .seconds(120))
        let version: String
        do {
            let outcome = try await sandbox.run(
                runtime.version, policy: SandboxPolicy(profile: profile, limits: limits))
            let printed = String(decoding: outcome.stdout + outcome.stderr, as: UTF8.self)
            let firstLine = printed.split(separator: "\n").first.map(String.init) ?? ""
            guard outcome.exitCode == 0 else {
                return status(.broken, "`\(runtime.version.joined(separator: " "))` failed in the box: \(firstLine)")
            }
            version = firstLine
        } catch {
            return status(.broken, "`\(runtime.version.joined(separator: " "))` could not run in the box: \(error)")
        }
        guard let hello = runtime.hello else { return status(.works, version) }
        do {
            let directory = try helloDirectory(hello, parent: scratchParent)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let policy = SandboxPolicy(profile: profile, limits: limits, workdir: directory)
            let started = ContinuousClock.now
            for (step, command) in [("build", hello.build), ("run", Optional(hello.run))] {
                guard let command else { continue }
                let outcome = try await sandbox.run(command, policy: policy)
                let printed = String(decoding: outcome.stdout, as: UTF8.self)
                if outcome.exitCode != 0 || (step == "run" && !printed.contains(hello.expect)) {
                    let said = String(decoding: outcome.stderr.suffix(600), as: UTF8.self)
                        .split(separator: "\n").suffix(3).joined(separator: " | ")
                    return status(
                        .broken,
                        "\(version); its hello program failed to \(step) in the box "
                            + "(`\(command.joined(separator: " "))`, exit \(outcome.exitCode.map(String.init) ?? "-")): \(said)"
                    )
                }
            }
            let elapsed = Units.milliseconds(ContinuousClock.now - started)
            return status(
                .works, "\(version); hello \(hello.build == nil ? "ran" : "built and ran") in the box (\(elapsed) ms)")
        } catch {
            return status(.broken, "\(version); its hello program could not run in the box: \(error)")
        }
    }

    private static func helloDirectory(_ hello: SandboxRuntime.Hello, parent: String) throws -> String {
        let directory = (parent as NSString).appendingPathComponent(
            "ladder-doctor-\(getpid())-\(UUID().uuidString.prefix(8))")
        for (path, contents) in hello.files {
            let file = (directory as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        }
        return directory
    }

    /// The `runtimes` check: failed when a runtime that a lab of the catalog uses does not work.
    static func runtimesCheck(_ statuses: [RuntimeStatus]) -> DoctorReport.Check {
        let failing = statuses.filter { !$0.usedBy.isEmpty && $0.state != .works }
        let details = statuses.map { runtime in
            let used =
                runtime.usedBy.isEmpty
                ? "no lab uses it" : "\(runtime.usedBy.count) lab\(runtime.usedBy.count == 1 ? "" : "s")"
            return "\(runtime.name) [\(runtime.profile)]: \(runtime.state.rawValue): \(runtime.detail) (\(used))"
        }
        let summary =
            failing.isEmpty
            ? "every runtime the catalog's labs use works in the sandbox"
            : "not working, and used by labs: "
                + failing.map { "\($0.name) (\($0.state.rawValue))" }.joined(separator: ", ")
        return .init(name: "runtimes", status: failing.isEmpty ? .ok : .failed, summary: summary, details: details)
    }
}
