import Foundation
import LadderTestSupport
import Testing

@testable import LadderSandbox

/// Boxes that run side by side each get a core of their own; a box alone is left where the scheduler puts it.
@Suite(.serialized, .requires(.sandbox))
struct PlacementTests {
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

    @Test func boxesSideBySideGetCoresOfTheirOwnAndABoxAloneIsNotPinned() async throws {
        let scratch = try TemporaryDirectory("placement")
        let sandbox = try Sandbox(
            launcher: BuiltProducts.launcher, profilesDirectory: BuiltProducts.profiles,
            temporaryDirectory: scratch.path, cpuClaimsParent: scratch.path)
        let claims = try #require(sandbox.cpuClaimsDirectory)
        #expect(claims == scratch.file("ladder-cpus-\(geteuid())"))
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let ours = try #require(Self.allowedCPUs(inStatus: status))
        let policy = SandboxPolicy(limits: SandboxLimits(wallTime: .seconds(20)))

        // The first box claims the lowest CPU; started alone, it is not pinned.
        let first = Task {
            try await sandbox.run(
                ["/bin/sh", "-c", "sleep 1.5; grep Cpus_allowed_list /proc/self/status"], policy: policy)
        }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: claims + "/cpu\(Self.cpus(in: ours)[0])") {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(200))
        // The second finds the first's claim: it takes the next CPU and runs there alone.
        let second = try await sandbox.run(Self.printAllowedCPUs, policy: policy)
        let firstOutcome = try await first.value
        let firstCPUs = Self.allowedCPUs(inStatus: String(decoding: firstOutcome.stdout, as: UTF8.self))
        let secondCPUs = Self.allowedCPUs(inStatus: String(decoding: second.stdout, as: UTF8.self))
        #expect(firstCPUs == ours, "a box started alone was pinned")
        if Self.cpus(in: ours).count >= 2 {
            #expect(secondCPUs == String(Self.cpus(in: ours)[1]), "the second box was not given the next free CPU")
        } else {
            #expect(secondCPUs == ours, "with one CPU there is nothing to place")
        }

        // The claims ended with their launchers: a box alone again is not pinned.
        let alone = try await sandbox.run(Self.printAllowedCPUs, policy: policy)
        #expect(Self.allowedCPUs(inStatus: String(decoding: alone.stdout, as: UTF8.self)) == ours)
    }

    /// A claims directory that another user could write to is not used: its claims could be forged.
    @Test func aClaimsDirectoryOthersCanWriteToIsNotUsed() throws {
        let parent = try TemporaryDirectory("claims")
        let path = parent.file("ladder-cpus-\(geteuid())")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        chmod(path, 0o777)
        #expect(Sandbox.cpuClaims(in: parent.path) == nil)
        chmod(path, 0o700)
        #expect(Sandbox.cpuClaims(in: parent.path) == path)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: parent.path)
        #expect(Sandbox.cpuClaims(in: parent.path) == nil, "a link in place of the directory was followed")
    }
}
