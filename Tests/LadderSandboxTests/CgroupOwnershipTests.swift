import Foundation
import Testing

@testable import LadderSandbox

/// Launchers never remove each other's cgroups, whatever PID namespace each runs in, and a cgroup that vanishes
/// under a run is the machine's failure, never a run with unknown accounting.
///
/// Only root makes cgroups here (otherwise the launcher falls back to rlimits and there is nothing to race on).
@Suite(.serialized, .requires(.launcherBuilt, .root))
struct CgroupOwnershipTests {
    let h: Harness

    init() throws {
        h = try Harness()
    }

    /// The launcher's own command line for `command` under the default profile, status on descriptor 3.
    func launcherCommand(_ command: [String]) throws -> [String] {
        let profile = try h.sandbox.profile(named: "default")
        let limits = SandboxLimits().merged(over: profile.defaults)
        return [h.sandbox.launcherPath]
            + Sandbox.launcherArguments(
                command: command, policy: SandboxPolicy(), profile: profile, limits: limits, stdin: nil, stdout: nil,
                stderr: nil)
    }

    @Test func launchersInTwoPIDNamespacesAtOnceNeverRemoveEachOthersCgroups() async throws {
        // Each side sees none of the other's pids: a launcher that judged staleness by kill(pid, 0) removed the
        // other side's live, still-empty cgroups, and those runs failed to set up.
        let runs = 300
        let dir = try TemporaryDirectory("namespaces")
        let command = try launcherCommand(["/bin/true"]).map(shellQuoted).joined(separator: " ")
        try dir.write(
            "loop.sh",
            """
            failures=0
            for i in $(seq \(runs)); do
                \(command) 3>/dev/null >/dev/null 2>>"$1" || failures=$((failures + 1))
            done
            echo "runs=\(runs) failures=$failures"
            """)
        let inside = Task {
            try runProcess(
                "/usr/bin/unshare",
                [
                    "--pid", "--fork", "--mount-proc", "--", "/bin/sh",
                    dir.file("loop.sh"), dir.file("inside.err"),
                ])
        }
        let outside = Task { try runProcess("/bin/sh", [dir.file("loop.sh"), dir.file("outside.err")]) }
        let (insideOut, outsideOut) = (try await inside.value, try await outside.value)
        let insideErrors = (try? String(contentsOfFile: dir.file("inside.err"), encoding: .utf8)) ?? ""
        let outsideErrors = (try? String(contentsOfFile: dir.file("outside.err"), encoding: .utf8)) ?? ""
        #expect(
            insideOut.status == 0 && insideOut.output == "runs=\(runs) failures=0\n",
            "inside a PID namespace: \(insideOut.output)\(insideErrors.prefix(2000))")
        #expect(
            outsideOut.status == 0 && outsideOut.output == "runs=\(runs) failures=0\n",
            "outside: \(outsideOut.output)\(outsideErrors.prefix(2000))")
    }

    @Test func aCgroupRemovedUnderARunIsTheMachinesFailureNotARunWithoutAccounting() async throws {
        // Something that ignores the run's lock (an older launcher, a person) removes the run's cgroups the moment
        // they are empty: after the box has exited, before the launcher has read its CPU time and memory.
        var vanished = 0
        for attempt in 0..<40 where vanished == 0 {
            let dir = try TemporaryDirectory("vanish")
            let launcher = Process()
            launcher.executableURL = URL(fileURLWithPath: h.sandbox.launcherPath)
            // The status goes to stdout, the program's output to a file.
            launcher.arguments =
                ["--status-fd", "1", "--stdout", dir.file("program.out")]
                + Array(try launcherCommand(["/bin/sleep", "0.2"]).dropFirst(3))
            let status = Pipe()
            launcher.standardOutput = status
            launcher.standardError = FileHandle.nullDevice
            try launcher.run()
            let prefix = "\(CgroupNames.runPrefix)\(launcher.processIdentifier)-"
            var removed = false
            while launcher.isRunning && !removed {
                for controller in Box.cgroupControllers {
                    let parent = "/sys/fs/cgroup/\(controller)/ladder"
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
                    for name in names where name.hasPrefix(prefix) && rmdir("\(parent)/\(name)") == 0 {
                        removed = true
                    }
                }
            }
            launcher.waitUntilExit()
            let data = status.fileHandleForReading.readDataToEndOfFile()
            let outcome = try JSONDecoder().decode(SandboxOutcome.self, from: data)
            if let failure = outcome.setupFailure {
                #expect(failure.kind == .machine, "attempt \(attempt): \(failure)")
                #expect(failure.message.contains("vanished"), "attempt \(attempt): \(failure.message)")
                #expect(launcher.terminationStatus == 125)
                vanished += 1
            } else {
                // Removed after the launcher had read everything, or not at all: the result is whole.
                #expect(
                    outcome.exitCode == 0 && outcome.cpuTime != nil && outcome.peakMemoryBytes != nil,
                    "attempt \(attempt) (removed: \(removed)): a run has its accounting or says why not: \(text(data))")
            }
        }
        #expect(vanished > 0, "no attempt removed the cgroup in time; the failure path was never taken")
    }
}

/// How the launcher names its run directories (`Sandbox/launcher/cgroup.h`, `CG_RUN_PREFIX`).
enum CgroupNames {
    static let runPrefix = "run-"
}

/// Runs `executable` to completion; its stdout and exit status.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `value` quoted for /bin/sh.
func shellQuoted(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
