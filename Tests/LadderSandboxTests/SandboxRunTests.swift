import Foundation
import Testing

@testable import LadderSandbox

/// Ordinary runs through the Swift API: what a grader relies on.
@Suite(.serialized, .requires(.sandbox))
struct SandboxRunTests {
    @Test func runsACommandAndCapturesItsOutputAndStatus() async throws {
        let h = try Harness()
        let outcome = try await h.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], SandboxPolicy())
        #expect(outcome.exitCode == 3)
        #expect(outcome.signal == nil)
        #expect(text(outcome.stdout) == "out\n")
        #expect(text(outcome.stderr) == "err\n")
        #expect(outcome.stdoutBytes == 4 && outcome.stderrBytes == 4)
        #expect(outcome.limitHit == nil && outcome.setupError == nil)
        #expect(outcome.wallTime > .zero && outcome.wallTime < .seconds(5))
        #expect(Set(outcome.namespaces).isSuperset(of: ["pid", "mount", "network", "ipc", "uts"]))
        if Box.isRoot {
            #expect(outcome.enforcement == .cgroupV1 || outcome.enforcement == .cgroupV2)
            #expect(outcome.peakMemoryBytes ?? 0 > 0)
            #expect(outcome.warnings.isEmpty)
        }
    }

    @Test func theBoxLooksLikeThePromise() async throws {
        let h = try Harness()
        let work = try TemporaryDirectory("work")
        try work.write("input.txt", "submission\n")
        let script = """
            echo "uid=$(id -u) host=$(hostname) cwd=$(pwd)"
            cat input.txt; echo made > output.txt
            ls /dev | tr '\\n' ' '; echo
            ls / | tr '\\n' ' '; echo
            cat /proc/self/status | grep -E '^NoNewPrivs'
            ls /sys 2>&1 | head -1
            env | sort | tr '\\n' ' '
            """
        let outcome = try await h.run(
            ["/bin/sh", "-c", script], SandboxPolicy(workdir: work.path, environment: ["X": "1"]))
        let out = text(outcome.stdout)
        #expect(outcome.exitCode == 0, "\(text(outcome.stderr))")
        #expect(out.contains("uid=65534 host=ladder cwd=/work"))
        #expect(out.contains("submission"))
        #expect(out.contains("fd full null random shm stderr stdin stdout urandom zero"))
        #expect(!out.contains("home") && !out.contains("root ") && !out.contains("sys "))
        #expect(out.contains("NoNewPrivs:\t1"))
        #expect(out.contains("PATH=/usr/local/bin:/usr/bin:/bin") && out.contains("HOME=/tmp") && out.contains("X=1"))
        #expect(try String(contentsOfFile: work.file("output.txt"), encoding: .utf8) == "made\n")
    }

    @Test func stdinFromData() async throws {
        let h = try Harness()
        let outcome = try await h.run(
            ["/usr/bin/wc", "-c"], SandboxPolicy(stdin: .data(Data(repeating: 65, count: 12345))))
        #expect(text(outcome.stdout).trimmingCharacters(in: .whitespacesAndNewlines) == "12345")
    }

    /// GitHub's autograding never closes a test's stdin when it has no input: a read waits, a program that does not
    /// read is not disturbed.
    @Test func anOpenStdinIsAnEmptyPipeThatNeverEnds() async throws {
        let h = try Harness()
        let waiting = try await h.run(
            ["/bin/sh", "-c", "test -p /dev/stdin && echo pipe; read line; echo read $?"],
            SandboxPolicy(limits: SandboxLimits(wallTime: .milliseconds(800)), stdin: .open))
        #expect(text(waiting.stdout) == "pipe\n", "the read never returned: \(waiting)")
        #expect(waiting.limitHit == .wall)
        let ignoring = try await h.run(["/bin/sh", "-c", "echo done"], SandboxPolicy(stdin: .open))
        #expect(ignoring.exitCode == 0 && text(ignoring.stdout) == "done\n")
    }

    /// The host's network is for trusted setup commands only: asked for, the box reaches a listener on the host's
    /// loopback and looks names up as the host does; by default it reaches nothing (HostileProgramTests).
    @Test func theHostsNetworkIsSharedOnlyWhenAsked() async throws {
        let h = try Harness()
        let listener = try LoopbackListener()
        let script = """
            import socket
            socket.create_connection(("127.0.0.1", \(listener.port)), timeout=5)
            print("connected")
            print(open("/etc/hosts").read(), end="")
            """
        let shared = try await h.run(
            ["python3", "-c", script], SandboxPolicy(profile: "python", network: .host))
        #expect(text(shared.stdout).hasPrefix("connected\n"), "\(text(shared.stderr))")
        #expect(listener.hadConnection())
        let hosts = try String(contentsOfFile: "/etc/hosts", encoding: .utf8)
        #expect(text(shared.stdout) == "connected\n" + hosts, "the host's /etc/hosts, not the box's own")
        #expect(!shared.namespaces.contains("network") && shared.namespaces.contains("pid"))

        let forwarded = SandboxPolicy(
            forward: SandboxForward(socketPath: h.scratch.file("s.sock"), port: 8080), network: .host)
        await #expect(throws: SandboxError.self) { try await h.sandbox.run(["true"], policy: forwarded) }
    }

    @Test func commandMissingInsideTheBoxIsASetupErrorNamingTheMounts() async throws {
        let h = try Harness()
        let outcome = try await h.run(["no-such-program"], SandboxPolicy())
        let failure = try #require(outcome.setupFailure)
        #expect(failure.kind == .command, "a command the box cannot start is not the machine's failure")
        #expect(failure.message.contains("command not found inside the box: no-such-program"))
        #expect(failure.message.contains("mounts: /usr"))
        #expect(outcome.setupError == failure.message)
        #expect(outcome.exitCode == nil)
        #expect(!outcome.succeeded)
    }

    @Test func aProgramStillOpenForWritingForAMomentIsRunNotFailed() async throws {
        // What a grader's copy looks like for a moment when another launcher, started in the same instant, still
        // holds the file it inherited: execve says ETXTBSY until the writer lets go.
        let h = try Harness()
        let work = try TemporaryDirectory("work")
        try work.write("hello.sh", "#!/bin/sh\necho hello\n")
        #expect(chmod(work.file("hello.sh"), 0o755) == 0)
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: work.file("hello.sh")))
        let closer = Task {
            try await Task.sleep(for: .milliseconds(300))
            try writer.close()
        }
        let outcome = try await h.run(["./hello.sh"], SandboxPolicy(workdir: work.path))
        try await closer.value
        #expect(outcome.setupError == nil, "\(outcome.setupError ?? "")")
        #expect(text(outcome.stdout) == "hello\n")
    }

    @Test func aFileThatIsNotExecutableIsTheCommandsFailure() async throws {
        let h = try Harness()
        let work = try TemporaryDirectory("work")
        try work.write("script.sh", "echo never\n")
        let outcome = try await h.run(["./script.sh"], SandboxPolicy(workdir: work.path))
        #expect(outcome.setupFailure?.kind == .command, "\(String(describing: outcome.setupFailure))")
        #expect(outcome.setupError?.contains("cannot execute ./script.sh inside the box") == true)
    }

    @Test func aBoxTheMachineCannotBuildIsThrownAsInfrastructure() async throws {
        // The box's own /etc is a directory; a file cannot be bound over it, so the box cannot be built.
        let h = try Harness()
        await #expect {
            try await h.sandbox.run(
                ["true"], policy: SandboxPolicy(readOnlyMounts: [SandboxMount("/etc/hostname", at: "/etc")]))
        } throws: { error in
            guard let error = error as? SandboxError else { return false }
            return error.code == .infrastructure && error.isMachineFailure
                && error.message.contains("could not build the box on this machine") && error.message.contains("/etc")
        }
    }

    @Test func badPoliciesAreRefusedBeforeRunning() async throws {
        let h = try Harness()
        await #expect(throws: SandboxError.self) {
            try await h.sandbox.run(["true"], policy: SandboxPolicy(profile: "cobol"))
        }
        await #expect {
            try await h.sandbox.run(["true"], policy: SandboxPolicy(limits: SandboxLimits(memoryBytes: 64 << 30)))
        } throws: { ($0 as? SandboxError)?.code == .limitAboveMaximum }
        await #expect {
            try await h.sandbox.run(["true"], policy: SandboxPolicy(readOnlyMounts: [SandboxMount("relative/path")]))
        } throws: { ($0 as? SandboxError)?.code == .invalidPolicy }
        await #expect(throws: SandboxError.self) { try await h.sandbox.run([], policy: SandboxPolicy()) }
    }

    @Test func missingMountSourceIsTheCallersMistakeNotTheMachines() async throws {
        let h = try Harness()
        await #expect {
            try await h.sandbox.run(["true"], policy: SandboxPolicy(readOnlyMounts: [SandboxMount("/no/such")]))
        } throws: { error in
            guard let error = error as? SandboxError else { return false }
            return error.code == .invalidPolicy && !error.isMachineFailure && error.message.contains("/no/such")
        }
    }

    @Test func withoutCgroupsTheFallbackIsStated() async throws {
        let h = try Harness()
        let outcome = try await h.run(["/bin/true"], SandboxPolicy(useCgroups: false))
        #expect(outcome.exitCode == 0)
        #expect(outcome.enforcement == .rlimit)
        #expect(outcome.warnings.contains { $0.contains("rlimit") || $0.contains("RLIMIT") })
    }

    @Test func cancellingTheTaskStopsTheBox() async throws {
        let h = try Harness()
        let marker = uniqueMarker("cancel")
        let task = Task { try await h.sandbox.run(["/bin/sh", "-c", "sleep 60", marker], policy: SandboxPolicy()) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.interrupted)
        #expect(outcome.wallTime < .seconds(5))
        #expect(processes(matching: marker).isEmpty)
    }

    @Test func capabilitiesComeFromAProbeAndARealRun() async throws {
        let h = try Harness()
        let caps = await h.sandbox.capabilities()
        #expect(caps.testRunPassed, "\(caps.testRunError ?? "")")
        #expect(caps.profiles.contains("python"))
        #expect(caps.namespaces.contains("pid"))
        if Box.isRoot {
            #expect(caps.runningAsRoot)
            #expect(caps.cgroupUsable == (caps.enforcement != .rlimit))
        }
        #expect(caps.testRun?.enforcement == caps.enforcement)
    }

    @Test func missingLauncherIsNamed() {
        #expect {
            try Sandbox(launcher: "/nonexistent/ladder-sandbox", profilesDirectory: BuiltProducts.profiles)
        } throws: { error in
            let e = error as? SandboxError
            return e?.code == .launcherNotFound && e!.message.contains("/nonexistent/ladder-sandbox")
        }
    }

    @Test func profilesNotFoundNamesTheDirectory() {
        #expect {
            try Sandbox(launcher: BuiltProducts.launcher, profilesDirectory: "/nonexistent/profiles")
        } throws: { error in
            let e = error as? SandboxError
            return e?.code == .profilesNotFound && e!.message.contains("/nonexistent/profiles")
        }
    }
}
