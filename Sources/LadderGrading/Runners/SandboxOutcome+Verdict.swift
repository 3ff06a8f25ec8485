import Foundation
import LadderModel
import LadderSandbox
import LadderText

/// How a sandboxed run ended, as a verdict: what every runner asks of an outcome before it compares any output.
///
/// Precedence follows judges: time > memory > crash/runtime > output limit; only a run that ended cleanly has its
/// output compared. A box the machine could not build never gets here: `Sandbox.run` throws a `SandboxError` whose
/// `isMachineFailure` is true, which is the machine's failure, not the learner's or the lab's.
extension SandboxOutcome {
    /// The verdict and what to tell the learner when the run's ending decides the test by itself: the box could not
    /// start the command, a limit was hit, the program crashed or exited other than with `expectedExit` (nil: any
    /// status), or its output was cut. Nil when it ended cleanly, and its output decides.
    ///
    /// - Parameter what: the run, as the detail names it: "the program", "the build", "your SQL".
    func failure(expectedExit: Int32? = 0, of what: String = "the program") -> (verdict: Verdict, detail: String)? {
        // What is left is a command the box was built for but cannot start (not found, not executable): the lab's.
        if let failure = setupFailure {
            return (.graderError, "the sandbox could not start \(what): \(failure.message)")
        }
        let reached = Set(limitsReached + (limitHit.map { [$0] } ?? []))
        if reached.contains(.wall) || reached.contains(.cpu) {
            let which = reached.contains(.cpu) ? "CPU" : "wall-clock"
            return (
                .timeLimit,
                "\(what) hit the \(which) time limit after \(wallTime.measured) (CPU \((cpuTime ?? .zero).measured))"
            )
        }
        if reached.contains(.memory) {
            let peak = peakMemoryBytes.map { ", peak \(Units.formatBytes($0))" } ?? ""
            return (.memoryLimit, "\(what) ran out of memory\(peak)")
        }
        if let failedAllocation = rlimitMemoryFailure {
            return (
                .memoryLimit,
                "\(what) ran out of memory: an allocation failed (\(failedAllocation)); on this machine "
                    + "limits are per process (RLIMIT_DATA caps the memory each process allocates, not the whole process tree)"
            )
        }
        // The launcher kills a program that floods its output; that SIGKILL is the output limit, not a crash.
        if let signal, limitHit != .output {
            return (.crashed, "\(what) was killed by \(Self.signalName(signal))" + stderrTail())
        }
        if reached.contains(.pids) {
            return (.runtimeError, "\(what) started more processes than allowed" + stderrTail())
        }
        if reached.contains(.fsize) {
            return (.runtimeError, "\(what) wrote a file larger than allowed" + stderrTail())
        }
        if let expectedExit, let exitCode, exitCode != expectedExit {
            return (.runtimeError, "\(what) exited with status \(exitCode) (expected \(expectedExit))" + stderrTail())
        }
        if reached.contains(.output) || stdoutTruncated || stderrTruncated {
            let bytes = stdoutTruncated ? stdoutBytes : stderrBytes
            return (
                .outputLimit, "\(what) printed more than allowed (\(Units.formatBytes(bytes)) kept); output was cut"
            )
        }
        return nil
    }

    /// What runtimes print when an allocation fails, lowercased: Python, C++, C (strerror(ENOMEM)), Node.js and Go
    /// ("out of memory"), the JVM, Rust.
    static let outOfMemoryMarks = [
        "memoryerror", "std::bad_alloc", "cannot allocate memory", "out of memory", "outofmemoryerror",
        "memory allocation of",
    ]

    /// Under the rlimit fallback nothing kills a program at the memory limit: RLIMIT_DATA makes its allocation fail, and
    /// the runtime reports that and exits (or aborts). A run that failed so, by its last lines of stderr, ran out of
    /// memory; the line that says so is returned.
    var rlimitMemoryFailure: String? {
        guard enforcement == .rlimit, signal != nil || (exitCode ?? 0) != 0 else { return nil }
        let lines = TextPreview.renderLines(stderr.suffix(8192)).split(separator: "\n")
        let line = lines.last { line in
            let lowered = line.lowercased()
            return Self.outOfMemoryMarks.contains { lowered.contains($0) }
        }
        return line.map { String($0.trimmingCharacters(in: .whitespaces).prefix(160)) }
    }

    /// The last lines of stderr, which usually hold the traceback or the compiler's complaint.
    func stderrTail(lines: Int = 12) -> String {
        let text = TextPreview.renderLines(stderr.suffix(4096))
        let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        let trimmed = tail.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "\nstderr (last lines):\n\(trimmed)"
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV (a segmentation fault)", SIGABRT: "SIGABRT (abort)", SIGKILL: "SIGKILL",
            SIGFPE: "SIGFPE (arithmetic error)", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGTERM: "SIGTERM",
            SIGPIPE: "SIGPIPE",
            SIGXFSZ: "SIGXFSZ (file too large)", SIGXCPU: "SIGXCPU (CPU time limit)",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}

extension Duration {
    /// A measured time as learners read it: "250 ms" below a second, "2.53 s" from one on. (A limit is shown as it is
    /// written, by `Units.format`.)
    var measured: String {
        let milliseconds = Units.milliseconds(self)
        return milliseconds < 1000 ? "\(milliseconds) ms" : String(format: "%.2f s", Double(milliseconds) / 1000)
    }
}
