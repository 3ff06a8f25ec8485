import Foundation

/// What this machine's sandbox can enforce, for `ladder doctor`: the launcher's own probe plus a real test run.
public struct SandboxCapabilities: Sendable, Codable, Equatable {
    /// The launcher that was probed.
    public var launcherPath: String
    /// Where profiles are read from.
    public var profilesDirectory: String
    /// The profiles found there.
    public var profiles: [String]
    /// The launcher runs as root (the program then runs as an unprivileged uid).
    public var runningAsRoot: Bool
    /// Unprivileged user namespaces can be created (needed when not root).
    public var userNamespaces: Bool
    /// `v1`, `v2`, or `nil` when no usable hierarchy was found.
    public var cgroupVersion: String?
    /// Controllers found for that version.
    public var cgroupControllers: [String]
    /// A cgroup could really be created and removed.
    public var cgroupUsable: Bool
    /// Why cgroups cannot be used, when they cannot.
    public var cgroupProblem: String?
    /// The enforcement a run will get.
    public var enforcement: SandboxEnforcement
    /// Namespaces a box gets.
    public var namespaces: [String]
    /// How the program's identity is isolated.
    public var userMode: String
    /// Sentences naming each weaker fallback in force; empty when everything is enforced.
    public var fallbacks: [String]
    /// The outcome of `sh -c 'echo ok'` in a box under the default profile.
    public var testRun: SandboxOutcome?
    /// Why the test run failed, when it did.
    public var testRunError: String?

    /// The test run printed `ok` and exited 0.
    public var testRunPassed: Bool { testRunError == nil }
}

struct LauncherProbe: Decodable {
    var root: Bool
    var userNamespaces: Bool
    var cgroupVersion: String?
    var cgroupControllers: String
    var cgroupUsable: Bool
    var cgroupProblem: String?
    var enforcement: SandboxEnforcement
    var namespaces: [String]
    var userMode: String
}

extension Sandbox {
    /// Probes the machine through the launcher and backs the answer with a real run.
    public func capabilities() async -> SandboxCapabilities {
        var caps = SandboxCapabilities(
            launcherPath: launcherPath, profilesDirectory: profilesDirectory,
            profiles: SandboxProfile.available(in: profilesDirectory), runningAsRoot: geteuid() == 0,
            userNamespaces: false, cgroupVersion: nil, cgroupControllers: [], cgroupUsable: false, cgroupProblem: nil,
            enforcement: .rlimit, namespaces: [], userMode: "unknown", fallbacks: [], testRun: nil, testRunError: nil)
        do {
            let probe = try await probe()
            caps.runningAsRoot = probe.root
            caps.userNamespaces = probe.userNamespaces
            caps.cgroupVersion = probe.cgroupVersion
            caps.cgroupControllers = probe.cgroupControllers.split(separator: ",").map(String.init)
            caps.cgroupUsable = probe.cgroupUsable
            caps.cgroupProblem = probe.cgroupProblem
            caps.enforcement = probe.enforcement
            caps.namespaces = probe.namespaces
            caps.userMode = probe.userMode
            if !probe.cgroupUsable {
                caps.fallbacks.append(
                    "no usable cgroup (\(probe.cgroupProblem ?? "unknown reason")): memory, CPU and "
                        + "process limits are per process rlimits, and peak memory is per process")
            }
            if !probe.root && probe.userNamespaces {
                caps.fallbacks.append("not root: the box uses a user namespace that maps the program to your own uid")
            }
            if !probe.root && !probe.userNamespaces {
                caps.fallbacks.append("not root and no user namespaces: the sandbox refuses to run anything")
            }
        } catch {
            caps.fallbacks.append("the launcher's probe failed: \(error)")
        }
        do {
            let outcome = try await run(
                ["/bin/sh", "-c", "echo ok"],
                policy: SandboxPolicy(limits: SandboxLimits(wallTime: .seconds(10))))
            caps.testRun = outcome
            caps.fallbacks += outcome.warnings.filter { !caps.fallbacks.contains($0) }
            if let setup = outcome.setupError {
                caps.testRunError = "the test run could not start: \(setup)"
            } else if outcome.exitCode != 0 || String(decoding: outcome.stdout, as: UTF8.self) != "ok\n" {
                caps.testRunError =
                    "the test run printed \(String(decoding: outcome.stdout, as: UTF8.self).debugDescription) "
                    + "and ended with \(outcome.exitCode.map { "exit \($0)" } ?? "signal \(outcome.signal ?? 0)")"
            }
        } catch {
            caps.testRunError = "the test run failed: \(error)"
        }
        return caps
    }

    private func probe() async throws -> LauncherProbe {
        let scratch = try runScratch()
        defer { scratch.remove() }
        let exit = try await LauncherProcess.run(
            launcher: launcherPath, arguments: ["--probe", "--status-fd", "3"], statusFile: scratch.path("probe.json"),
            diagnosticsFile: scratch.path("launcher.err"))
        let data = FileManager.default.contents(atPath: scratch.path("probe.json")) ?? Data()
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard exit.code == 0, let probe = try? decoder.decode(LauncherProbe.self, from: data) else {
            throw SandboxError(.launchFailed, "the launcher's --probe \(exit.description) without a readable report")
        }
        return probe
    }
}
