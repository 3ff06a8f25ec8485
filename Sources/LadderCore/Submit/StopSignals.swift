import Foundation

/// Delivers SIGINT, SIGTERM and SIGHUP to an ``Interruption`` as stop requests.
///
/// A handler writes the signal's number into a pipe (`write` is async-signal-safe) and a thread of its own reads it
/// and asks the work to stop; what a stop does is ``Interruption``'s. Installed by the commands that grade before
/// they touch anything, so a signal at any moment either kills the process before it has done anything (the default
/// action) or reaches the work. A second signal means the person will not wait: the process exits at once.
public enum StopSignals {
    public static let handled = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers; `beforeExiting` runs on the reader thread when a second signal is about to end the
    /// process (the command line says so), with that signal's number.
    public static func install(for interruption: Interruption, beforeExiting: @escaping @Sendable (Int32) -> Void) {
        var descriptors: [Int32] = [-1, -1]
        // Without a pipe the default actions stay: a signal ends the process, and the store reaps its attempt.
        guard pipe(&descriptors) == 0 else { return }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let readEnd = descriptors[0]
        stopSignalPipe = descriptors[1]
        let reader = Thread {
            while true {
                var number: UInt8 = 0
                let count = read(readEnd, &number, 1)
                if count < 0, errno == EINTR { continue }
                guard count == 1 else { return }
                let signal = Int32(number)
                if !interruption.request(signal: signal) {
                    beforeExiting(signal)
                    _exit(128 + signal)
                }
            }
        }
        reader.start()
        for number in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(stopSignalPipe, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }
}

/// The write end of ``StopSignals``' pipe, for the signal handler: a plain global (statically initialized, so reading
/// it is async-signal-safe), set before any handler is installed.
nonisolated(unsafe) private var stopSignalPipe: Int32 = -1
