import Foundation
import Testing

@testable import LadderSandbox

/// A cancel signals the launcher it started, never another process that was given the launcher's pid after it.
@Suite(.serialized)
struct LaunchStateTests {
    @Test func aCancelSignalsALiveLauncher() throws {
        let state = LaunchState()
        let pid = try spawn(["/bin/sleep", "30"])
        try state.started(pid)
        state.cancel()
        let status = reap(pid)
        state.finished()
        #expect(status & 0x7f == SIGTERM, "the launcher was not sent SIGTERM: status \(status)")
    }

    @Test func aCancelBeforeTheLauncherStartedReachesItOnceItHas() throws {
        let state = LaunchState()
        state.cancel()
        let pid = try spawn(["/bin/sleep", "30"])
        try state.started(pid)
        let status = reap(pid)
        state.finished()
        #expect(status & 0x7f == SIGTERM, "status \(status)")
    }

    /// The window the pidfd closes: `waitpid` has reaped the launcher, ``LaunchState/finished()`` has not run yet, and
    /// the kernel has already handed the pid to a new process. Writing `ns_last_pid` makes that reuse happen now.
    @Test(.requires(.root))
    func aCancelAfterTheLauncherWasReapedNeverSignalsAProcessThatReusedItsPid() throws {
        var reused: pid_t?
        for _ in 0..<50 where reused == nil {
            let state = LaunchState()
            let launcher = try spawn(["/bin/sleep", "30"])
            try state.started(launcher)
            kill(launcher, SIGKILL)
            _ = reap(launcher)
            try "\(launcher - 1)".write(toFile: "/proc/sys/kernel/ns_last_pid", atomically: false, encoding: .utf8)
            let other = try spawn(["/bin/sleep", "30"])
            guard other == launcher else {
                // Another process of this PID namespace forked in between; try again.
                kill(other, SIGKILL)
                _ = reap(other)
                state.finished()
                continue
            }
            reused = other
            state.cancel()
            state.finished()
            usleep(100_000)
            var status: Int32 = 0
            let alive = waitpid(other, &status, WNOHANG) == 0
            #expect(alive, "the cancel killed the process that reused the launcher's pid (status \(status))")
            if alive {
                kill(other, SIGKILL)
                _ = reap(other)
            }
        }
        #expect(reused != nil, "no process got the launcher's pid again in 50 tries; the reuse was never tested")
    }
}

/// Starts `argv` the way the launcher is started (not with Foundation's Process, whose own reaper would race here).
private func spawn(_ argv: [String]) throws -> pid_t {
    try LauncherProcess.spawn(argv[0], arguments: Array(argv.dropFirst()), actions: nil)
}

/// Waits for `pid` and returns its raw wait status.
private func reap(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
}
