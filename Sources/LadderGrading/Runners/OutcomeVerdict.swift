import Foundation
import LadderModel
import LadderSandbox
import LadderText

/// Turns how a sandboxed run ended into a verdict, before any output is compared.
///
/// Precedence follows judges: time > memory > crash/runtime > output limit; only a run that ended cleanly has its
/// output compared. A box the machine could not build never gets here: `Sandbox.run` throws a `SandboxError` whose
/// `isMachineFailure` is true, which is the machine's failure, not the learner's or the lab's.
enum OutcomeVerdict {
    static func judge(_ outcome: SandboxOutcome, expectedExit: Int32? = 0, what: String = "the program") -> (Verdict, String)? {
        // What is left is a command the box was built for but cannot start (not found, not executable): the lab's.
        if let failure = outcome.setupFailure {
            return (.graderError, "the sandbox could not start \(what): \(failure.message)")
        }
        let reached = Set(outcome.limitsReached + (outcome.limitHit.map { [$0] } ?? []))
        if reached.contains(.wall) || reached.contains(.cpu) {
            let which = reached.contains(.cpu) ? "CPU" : "wall-clock"
            return (.timeLimit, "\(what) hit the \(which) time limit after \(format(outcome.wallTime)) (CPU \(format(outcome.cpuTime ?? .zero)))")
        }
        if reached.contains(.memory) {
            let peak = outcome.peakMemoryBytes.map { ", peak \(Units.formatBytes($0))" } ?? ""
            return (.memoryLimit, "\(what) ran out of memory\(peak)")
        }
        if let failedAllocation = rlimitMemoryFailure(outcome) {
            return (.memoryLimit, "\(what) ran out of memory: an allocation failed (\(failedAllocation)); on this machine "
                    + "limits are per process (RLIMIT_DATA caps the memory each process allocates, not the whole process tree)")
        }
        // The launcher kills a program that floods its output; that SIGKILL is the output limit, not a crash.
        if let signal = outcome.signal, outcome.limitHit != .output {
            return (.crashed, "\(what) was killed by \(signalName(signal))" + stderrTail(outcome))
        }
        if reached.contains(.pids) {
            return (.runtimeError, "\(what) started more processes than allowed" + stderrTail(outcome))
        }
        if reached.contains(.fsize) {
            return (.runtimeError, "\(what) wrote a file larger than allowed" + stderrTail(outcome))
        }
        if let expectedExit, let code = outcome.exitCode, code != expectedExit {
            return (.runtimeError, "\(what) exited with status \(code) (expected \(expectedExit))" + stderrTail(outcome))
        }
        if reached.contains(.output) || outcome.stdoutTruncated || outcome.stderrTruncated {
            let bytes = outcome.stdoutTruncated ? outcome.stdoutBytes : outcome.stderrBytes
            return (.outputLimit, "\(what) printed more than allowed (\(Units.formatBytes(bytes)) kept); output was cut")
        }
        return nil
    }

    /// What runtimes print when an allocation fails, lowercased: Python, C++, C (strerror(ENOMEM)), Node.js and Go
    /// ("out of memory"), the JVM, Rust.
    static let outOfMemoryMarks = [
        "memoryerror", "std::bad_alloc", "cannot allocate memory", "out of memory", "outofmemoryerror", "memory allocation of",
    ]

    /// Under the rlimit fallback nothing kills a program at the memory limit: RLIMIT_DATA makes its allocation fail, and
    /// the runtime reports that and exits (or aborts). A run that failed so, by its last lines of stderr, ran out of
    /// memory; the line that says so is returned.
    static func rlimitMemoryFailure(_ outcome: SandboxOutcome) -> String? {
        guard outcome.enforcement == .rlimit, outcome.signal != nil || (outcome.exitCode ?? 0) != 0 else { return nil }
        let lines = TextPreview.renderLines(outcome.stderr.suffix(8192)).split(separator: "\n")
        let line = lines.last { line in
            let lowered = line.lowercased()
            return outOfMemoryMarks.contains { lowered.contains($0) }
        }
        return line.map { String($0.trimmingCharacters(in: .whitespaces).prefix(160)) }
    }

    /// The last lines of stderr, which usually hold the traceback or the compiler's complaint.
    static func stderrTail(_ outcome: SandboxOutcome, lines: Int = 12) -> String {
        let text = TextPreview.renderLines(outcome.stderr.suffix(4096))
        let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        let trimmed = tail.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "\nstderr (last lines):\n\(trimmed)"
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = Units.milliseconds(duration)
        return milliseconds < 1000 ? "\(milliseconds) ms" : String(format: "%.2f s", Double(milliseconds) / 1000)
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV (a segmentation fault)", SIGABRT: "SIGABRT (abort)", SIGKILL: "SIGKILL",
            SIGFPE: "SIGFPE (arithmetic error)", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGTERM: "SIGTERM", SIGPIPE: "SIGPIPE",
            SIGXFSZ: "SIGXFSZ (file too large)", SIGXCPU: "SIGXCPU (CPU time limit)",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
