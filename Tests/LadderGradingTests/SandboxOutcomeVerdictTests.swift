import Foundation
import LadderModel
import LadderSandbox
import Testing

@testable import LadderGrading

/// How a run that never started is judged: a command the box cannot start is the lab's, shown as a grader error.
@Suite struct SandboxOutcomeVerdictTests {
    @Test func aCommandTheBoxCannotStartIsAGraderErrorThatSaysWhatFailed() throws {
        let json = #"{"wall_ms":1,"error":"command not found inside the box: ./main","error_kind":"command"}"#
        let outcome = try JSONDecoder().decode(SandboxOutcome.self, from: Data(json.utf8))
        let (verdict, detail) = try #require(outcome.failure())
        #expect(verdict == .graderError)
        #expect(detail == "the sandbox could not start the program: command not found inside the box: ./main")
    }
}

/// Under the rlimit fallback (not root, no cgroup), RLIMIT_DATA makes an allocation fail instead of the OOM killer
/// ending the run: the program reports it and exits. That is `memory-limit`, not a runtime error.
@Suite struct RlimitMemoryVerdictTests {
    /// An outcome as the launcher reports it: a program that ended with `exitCode` or `signal` and wrote `stderr`.
    static func outcome(enforcement: SandboxEnforcement, exitCode: Int32? = 1, signal: Int32? = nil, stderr: String)
        throws -> SandboxOutcome
    {
        let json: [String: Any] = [
            "exit_code": exitCode.map { Int($0) as Any } ?? NSNull(),
            "signal": signal.map { Int($0) as Any } ?? NSNull(),
            "wall_ms": 40, "cpu_ms": 30, "peak_memory_bytes": 9_000_000, "enforcement": enforcement.rawValue,
            "namespaces": ["user", "pid"], "stderr": Data(stderr.utf8).base64EncodedString(),
            "stderr_bytes": stderr.utf8.count,
        ]
        return try JSONDecoder().decode(SandboxOutcome.self, from: JSONSerialization.data(withJSONObject: json))
    }

    static let failedAllocations: [(String, Int32?, Int32?)] = [
        ("Traceback (most recent call last):\n  File \"/work/main.py\", line 1, in <module>\nMemoryError\n", 1, nil),
        ("terminate called after throwing an instance of 'std::bad_alloc'\n  what():  std::bad_alloc\n", nil, SIGABRT),
        ("main: malloc: Cannot allocate memory\n", 1, nil),
        (
            "<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb7b3e0 node::Abort()\n",
            nil, SIGABRT
        ),
        ("fatal error: runtime: out of memory\n\ngoroutine 1 [running]:\n", 2, nil),
        ("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n", 1, nil),
        ("memory allocation of 1073741824 bytes failed\n", nil, SIGABRT),
    ]

    @Test(arguments: failedAllocations)
    func aFailedAllocationUnderRlimitsIsMemoryLimit(stderr: String, exitCode: Int32?, signal: Int32?) throws {
        let judged = try #require(
            try Self.outcome(enforcement: .rlimit, exitCode: exitCode, signal: signal, stderr: stderr).failure())
        #expect(judged.0 == .memoryLimit, "\(judged.1)")
        #expect(judged.1.hasPrefix("the program ran out of memory: an allocation failed ("), "\(judged.1)")
        #expect(judged.1.contains("limits are per process"), "\(judged.1)")
    }

    @Test func withCgroupsTheSameMessageIsTheProgramsOwnError() throws {
        let judged = try #require(try Self.outcome(enforcement: .cgroupV1, stderr: "MemoryError\n").failure())
        #expect(judged.0 == .runtimeError, "the cgroup's OOM counter decides there: \(judged.1)")
    }

    @Test func otherFailuresUnderRlimitsStayRuntimeErrors() throws {
        let judged = try #require(
            try Self.outcome(enforcement: .rlimit, stderr: "ValueError: invalid literal for int()\n").failure())
        #expect(judged.0 == .runtimeError)
    }

    @Test func aProgramThatSucceededIsNeverReclassified() throws {
        #expect(
            try Self.outcome(enforcement: .rlimit, exitCode: 0, stderr: "warning: almost out of memory\n").failure()
                == nil)
    }

    @Test(.requires(.sandbox))
    func aRealPythonStoppedByTheRlimitIsMemoryLimit() async throws {
        let sandbox = try GradingBox.sandbox()
        // --no-cgroup: the fallback a learner who is not root gets on cgroup v1, here even as root.
        let policy = SandboxPolicy(
            profile: "python", limits: SandboxLimits(wallTime: .seconds(20), memoryBytes: 128 << 20), useCgroups: false)
        let outcome = try await sandbox.run(
            ["python3", "-c", "data = bytearray(1 << 30)\nprint(len(data))"], policy: policy)
        #expect(outcome.enforcement == .rlimit)
        #expect(outcome.limitHit == nil, "nothing but the allocation stops it: \(outcome.warnings)")
        let judged = try #require(outcome.failure())
        #expect(judged.0 == .memoryLimit, "\(judged.1)")
        #expect(judged.1.contains("MemoryError"), "\(judged.1)")
    }

    @Test(.requires(.sandbox))
    func nodeStartsUnderTheRlimitAndItsExhaustionIsMemoryLimit() async throws {
        let sandbox = try GradingBox.sandbox()
        // Node.js reserves a code range at start; a limit on address space (RLIMIT_AS) below about 1 GiB kills it
        // before the first line runs, one on allocated memory (RLIMIT_DATA) does not.
        let policy = SandboxPolicy(
            profile: "node", limits: SandboxLimits(wallTime: .seconds(20), memoryBytes: 256 << 20), useCgroups: false)
        let starts = try await sandbox.run(["node", "-e", "console.log('started')"], policy: policy)
        #expect(starts.enforcement == .rlimit)
        #expect(starts.exitCode == 0, "\(String(decoding: starts.stderr, as: UTF8.self))")
        #expect(String(decoding: starts.stdout, as: UTF8.self) == "started\n")

        let grows = try await sandbox.run(
            ["node", "-e", "const a = []; for (;;) a.push(new Array(1e6).fill(1.5))"], policy: policy)
        let judged = try #require(grows.failure())
        #expect(judged.0 == .memoryLimit, "\(judged.1)")
        #expect(judged.1.contains("heap out of memory"), "\(judged.1)")
    }
}
