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
    @Test(.enabled(if: geteuid() == 0, "choosing the next pid through ns_last_pid needs root"))
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

/// Starts `argv` with posix_spawn (not Foundation's Process, whose own reaper would race with these tests).
private func spawn(_ argv: [String]) throws -> pid_t {
    var pid: pid_t = 0
    let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    let envp: [UnsafeMutablePointer<CChar>?] = [nil]
    // The test runner blocks or handles signals; the child gets them all unblocked and at their defaults.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let rc = posix_spawn(&pid, argv[0], nil, &attributes, cArgs, envp)
    guard rc == 0 else { throw SandboxError(.launchFailed, "posix_spawn \(argv[0]): \(String(cString: strerror(rc)))") }
    return pid
}

/// Waits for `pid` and returns its raw wait status.
private func reap(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
}
