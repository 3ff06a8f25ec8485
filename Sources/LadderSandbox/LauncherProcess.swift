import CLadderSandbox
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How the launcher process ended.
struct LauncherExit: Sendable, CustomStringConvertible {
    let rawStatus: Int32

    /// The exit code, when it exited.
    var code: Int32? { rawStatus & 0x7f == 0 ? (rawStatus >> 8) & 0xff : nil }
    /// The signal that killed it, when one did.
    var signal: Int32? { code == nil ? rawStatus & 0x7f : nil }

    var description: String {
        if let code { return "exited with status \(code)" }
        return "was killed by signal \(signal ?? 0)"
    }
}

/// Starts the launcher with posix_spawn and waits for it on a thread of its own, so neither fork() in this
/// process nor a blocking wait on the cooperative pool is ever needed.
enum LauncherProcess {
    static func run(launcher: String, arguments: [String], statusFile: String, diagnosticsFile: String?) async throws
        -> LauncherExit
    {
        let state = LaunchState()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<LauncherExit, Error>) in
                // The launcher asks for SIGTERM when its parent thread exits, so the thread that spawns it is the
                // one that waits for it.
                let thread = Thread {
                    continuation.resume(
                        with: Result {
                            try spawnAndWait(
                                launcher: launcher, arguments: arguments, statusFile: statusFile,
                                diagnosticsFile: diagnosticsFile, state: state)
                        })
                }
                thread.start()
            }
        } onCancel: {
            state.cancel()
        }
    }

    private static func spawnAndWait(
        launcher: String, arguments: [String], statusFile: String, diagnosticsFile: String?,
        state: LaunchState
    ) throws -> LauncherExit {
        let statusFD = open(statusFile, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard statusFD >= 0 else {
            throw SandboxError(.launchFailed, "cannot create \(statusFile): \(String(cString: strerror(errno)))")
        }
        defer { close(statusFD) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, statusFD, 3)
        if let diagnosticsFile {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, diagnosticsFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }

        let pid = try spawn(launcher, arguments: arguments, actions: &actions)
        try state.started(pid)
        defer { state.finished() }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw SandboxError(
                    .launchFailed, "waiting for the sandbox launcher failed: \(String(cString: strerror(errno)))")
            }
        }
        return LauncherExit(rawStatus: status)
    }
}

extension LauncherProcess {
    /// Starts `path` with an empty environment and the signals a fresh program expects (none blocked; those this
    /// process handles or ignores back at their defaults), without fork() in this process.
    static func spawn(_ path: String, arguments: [String], actions: UnsafePointer<posix_spawn_file_actions_t>?) throws
        -> pid_t
    {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let envp: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw SandboxError(
                .launchFailed, "cannot start the sandbox launcher \(path): \(String(cString: strerror(rc)))")
        }
        return pid
    }
}

/// The launcher, shared between the waiting thread and a cancellation handler.
///
/// It is held as a pidfd, taken before the launcher can be reaped: once `waitpid` has reaped it, its pid may name
/// another process, and a cancel arriving between `waitpid` and ``finished()`` must not signal that one. A signal
/// through the pidfd reaches the launcher or, once it has ended, nothing.
final class LaunchState: @unchecked Sendable {
    private let lock = NSLock()
    private var pidfd: Int32 = -1
    private var cancelled = false

    /// Takes hold of the just-spawned, not yet reaped `pid`; if that fails, kills and reaps it, then throws.
    func started(_ pid: pid_t) throws {
        let fd = ladder_pidfd_open(pid)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            throw SandboxError(
                .launchFailed,
                "cannot hold the sandbox launcher by a pidfd (pidfd_open: \(reason)); "
                    + "the sandbox needs Linux 5.3 or later")
        }
        lock.lock()
        defer { lock.unlock() }
        pidfd = fd
        if cancelled { _ = ladder_pidfd_send_signal(fd, SIGTERM) }
    }

    /// The launcher was reaped: from now on a cancel signals nothing.
    func finished() {
        lock.lock()
        defer { lock.unlock() }
        if pidfd >= 0 { close(pidfd) }
        pidfd = -1
    }

    /// Asks the launcher to stop its box (it then reports `interrupted`), now or as soon as it has started.
    func cancel() {
        lock.lock()
        defer { lock.unlock() }
        cancelled = true
        if pidfd >= 0 { _ = ladder_pidfd_send_signal(pidfd, SIGTERM) }
    }
}
