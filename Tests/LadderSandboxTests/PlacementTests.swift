import Foundation
import LadderTestSupport
import Testing

@testable import LadderSandbox

/// Boxes that run side by side each get a core of their own; a box alone is left where the scheduler puts it.
@Suite(.serialized, .requires(.sandbox))
struct PlacementTests {
    /// A group of this test's own, so that boxes of other Ladder processes on the machine do not count.
    let group = "ladder-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    /// The CPUs a process may run on, as the kernel lists them (`0-1`, `0,2`).
    static func allowedCPUs(inStatus status: String) -> String? {
        status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
            .map { $0.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces) }
    }

    /// The CPU numbers of a list such as `0-3,6`.
    static func cpus(in list: String) -> [Int] {
        list.split(separator: ",").flatMap { range -> [Int] in
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            guard let low = bounds.first else { return [] }
            return Array(low...(bounds.last ?? low))
        }
    }

    static let printAllowedCPUs = ["/bin/sh", "-c", "grep Cpus_allowed_list /proc/self/status"]
    static let policy = SandboxPolicy(limits: SandboxLimits(wallTime: .seconds(20)))

    /// The CPUs this test process may run on.
    static func ours() throws -> String {
        try #require(allowedCPUs(inStatus: try String(contentsOfFile: "/proc/self/status", encoding: .utf8)))
    }

    static func allowedCPUs(of outcome: SandboxOutcome) -> String? {
        allowedCPUs(inStatus: String(decoding: outcome.stdout, as: UTF8.self))
    }

    @Test func boxesSideBySideGetCoresOfTheirOwnAndABoxAloneIsNotPinned() async throws {
        let scratch = try TemporaryDirectory("placement")
        let sandbox = try Sandbox(
            launcher: BuiltProducts.launcher, profilesDirectory: BuiltProducts.profiles,
            temporaryDirectory: scratch.path, cpuGroup: group)
        let ours = try Self.ours()

        // The first box claims the lowest CPU; started alone, it is not pinned.
        let first = Task {
            try await sandbox.run(
                ["/bin/sh", "-c", "sleep 1.5; grep Cpus_allowed_list /proc/self/status"], policy: Self.policy)
        }
        try await Task.sleep(for: .milliseconds(400))
        // The second finds the first's claim: it takes the next CPU and runs there alone.
        let second = try await sandbox.run(Self.printAllowedCPUs, policy: Self.policy)
        let firstOutcome = try await first.value
        #expect(Self.allowedCPUs(of: firstOutcome) == ours, "a box started alone was pinned")
        if Self.cpus(in: ours).count >= 2 {
            #expect(
                Self.allowedCPUs(of: second) == String(Self.cpus(in: ours)[1]),
                "the second box was not given the next free CPU")
        } else {
            #expect(Self.allowedCPUs(of: second) == ours, "with one CPU there is nothing to place")
        }

        // The claims ended with their launchers: a box alone again is not pinned.
        let alone = try await sandbox.run(Self.printAllowedCPUs, policy: Self.policy)
        #expect(Self.allowedCPUs(of: alone) == ours)
    }

    /// Claims another program holds (here this test, squatting every CPU's name) leave a box unpinned, not unstarted.
    @Test func aBoxWhoseClaimsAreAllHeldElsewhereRunsUnpinned() async throws {
        let ours = try Self.ours()
        var squatted: [Int32] = []
        defer { for fd in squatted { close(fd) } }
        for cpu in Self.cpus(in: ours) {
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let name = Array("\(group)-\(geteuid())-cpu\(cpu)".utf8)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in name.enumerated() { raw[i + 1] = byte }
            }
            let size = socklen_t(MemoryLayout<sa_family_t>.size + 1 + name.count)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
            }
            try #require(bound == 0, "cannot hold the claim of CPU \(cpu): errno \(errno)")
            squatted.append(fd)
        }
        let scratch = try TemporaryDirectory("placement")
        let sandbox = try Sandbox(
            launcher: BuiltProducts.launcher, profilesDirectory: BuiltProducts.profiles,
            temporaryDirectory: scratch.path, cpuGroup: group)
        let outcome = try await sandbox.run(Self.printAllowedCPUs, policy: Self.policy)
        #expect(outcome.exitCode == 0)
        #expect(Self.allowedCPUs(of: outcome) == ours)
    }
}
