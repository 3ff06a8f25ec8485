import Foundation
import Testing

@testable import LadderSandbox

/// Programs that try to break out, hog, or outlive the box; each must get its stated outcome, and nothing of the
/// run may be left (Harness.run checks cgroups, scratch directories and marked processes after every run).
///
/// Run through Sandbox/run-hostile-tests.sh to put the whole suite in an outer PID namespace.
@Suite(.serialized, .requires(.sandbox))
struct HostileProgramTests {
    let h: Harness
    let work: TemporaryDirectory

    init() throws {
        h = try Harness()
        work = try TemporaryDirectory("work")
    }

    func policy(_ limits: SandboxLimits, profile: String = "default") -> SandboxPolicy {
        SandboxPolicy(profile: profile, limits: limits, workdir: work.path)
    }

    @Test func busyLoopHitsTheCPULimit() async throws {
        let marker = uniqueMarker("busy")
        let prog = try compileC("int main(void) { for (;;) ; }", name: "busy", in: work)
        let outcome = try await h.run(
            [prog, marker], policy(SandboxLimits(wallTime: .seconds(10), cpuTime: .seconds(1))),
            marker: marker)
        // The CPU limit, not the 10 s wall limit, ended it; how long that took depends on the machine's load.
        #expect(outcome.limitHit == .cpu)
        #expect(outcome.cpuTime! >= .milliseconds(950) && outcome.cpuTime! < .milliseconds(1600))
    }

    @Test func sleepingForeverHitsTheWallLimit() async throws {
        let marker = uniqueMarker("sleep")
        let outcome = try await h.run(
            ["/bin/sh", "-c", "sleep 1000", marker],
            policy(SandboxLimits(wallTime: .milliseconds(500))), marker: marker)
        #expect(outcome.limitHit == .wall)
        #expect(outcome.signal == SIGKILL)
        #expect(outcome.wallTime >= .milliseconds(500) && outcome.wallTime < .seconds(2))
    }

    @Test func forkBombHitsTheProcessLimitAndEveryProcessIsReaped() async throws {
        let marker = uniqueMarker("forkbomb")
        let prog = try compileC("#include <unistd.h>\nint main(void) { for (;;) fork(); }", name: "forkbomb", in: work)
        let outcome = try await h.run(
            [prog, marker], policy(SandboxLimits(wallTime: .seconds(10), processes: 32)),
            marker: marker)
        #expect(outcome.limitHit == .pids)
        #expect(outcome.wallTime < .seconds(5))
    }

    @Test func setsidDoubleForkedSpinnersAreKilledAndTheirCPUCounted() async throws {
        let marker = uniqueMarker("setsid")
        let source = """
            #include <unistd.h>
            #include <stdlib.h>
            int main(void) {
                for (int i = 0; i < 2; i++) {
                    if (fork() == 0) {
                        setsid();
                        if (fork() == 0) { for (;;) ; }
                        _exit(0);
                    }
                }
                usleep(400000);
                return 0;
            }
            """
        let prog = try compileC(source, name: "setsid", in: work)
        let outcome = try await h.run(
            [prog, marker], policy(SandboxLimits(wallTime: .seconds(10), cpuTime: .seconds(8))),
            marker: marker)
        #expect(outcome.exitCode == 0)
        #expect(outcome.limitHit == nil)
        if outcome.enforcement != .rlimit {
            // The parent only sleeps: CPU time here is the orphaned spinners'.
            #expect(outcome.cpuTime! >= .milliseconds(100), "cpu \(outcome.cpuTime!)")
        }
    }

    @Test func memoryHogGetsTheMemoryVerdict() async throws {
        let marker = uniqueMarker("memhog")
        let source = """
            #include <stdlib.h>
            #include <string.h>
            int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20); } }
            """
        let prog = try compileC(source, name: "memhog", in: work)
        let outcome = try await h.run(
            [prog, marker], policy(SandboxLimits(wallTime: .seconds(10), memoryBytes: 64 << 20)),
            marker: marker)
        try #require(outcome.enforcement != .rlimit, "the memory verdict needs a cgroup")
        #expect(outcome.limitHit == .memory)
        #expect(outcome.signal == SIGKILL)
        #expect(outcome.peakMemoryBytes! >= 60 << 20 && outcome.peakMemoryBytes! <= 65 << 20)
    }

    @Test func unboundedRecursionCrashesOnTheStackLimit() async throws {
        let source = """
            #include <stdio.h>
            int down(int n) { volatile char frame[4096]; frame[0] = (char)n; return down(n + 1) + frame[0]; }
            int main(void) { return down(0); }
            """
        let prog = try compileC(source, name: "recurse", in: work)
        let outcome = try await h.run(
            [prog],
            policy(
                SandboxLimits(
                    wallTime: .seconds(10), memoryBytes: 256 << 20,
                    stackBytes: 8 << 20)))
        #expect(outcome.signal == SIGSEGV)
        #expect(outcome.limitHit == nil)
        #expect(outcome.peakMemoryBytes ?? 0 < 64 << 20)
    }

    @Test func outputFloodIsCutAtTheLimitAndCounted() async throws {
        let marker = uniqueMarker("flood")
        let outcome = try await h.run(
            ["/usr/bin/yes", marker],
            policy(SandboxLimits(wallTime: .seconds(10), outputBytes: 64 << 10)), marker: marker)
        #expect(outcome.limitHit == .output)
        #expect(outcome.stdoutTruncated)
        #expect(outcome.stdout.count == 64 << 10)
        #expect(outcome.stdoutBytes > 64 << 10)
    }

    @Test func outputIsCountedExactlyBelowAndAtTheLimit() async throws {
        for (size, limit) in [(100_000, 1 << 20), (65_536, 65_536)] {
            let outcome = try await h.run(
                ["/usr/bin/head", "-c", "\(size)", "/dev/zero"],
                policy(SandboxLimits(outputBytes: limit)))
            #expect(outcome.exitCode == 0)
            #expect(outcome.stdoutBytes == size && outcome.stdout.count == size)
            #expect(!outcome.stdoutTruncated && outcome.limitHit == nil)
        }
    }

    @Test func rightAnswerThenFloodKeepsTheAnswerAndGetsTheOutputVerdict() async throws {
        let marker = uniqueMarker("answer")
        let script = "import sys\nprint(42, flush=True)\nwhile True: sys.stdout.write('x' * 4096)\n"
        let outcome = try await h.run(
            ["python3", "-c", script, marker],
            policy(SandboxLimits(wallTime: .seconds(10), outputBytes: 10_000), profile: "python"),
            marker: marker)
        #expect(text(outcome.stdout).hasPrefix("42\nxxxx"))
        #expect(outcome.stdout.count == 10_000)
        #expect(outcome.limitHit == .output)
    }

    @Test func hugeFileHitsTheFileSizeLimit() async throws {
        let source = """
            #include <stdio.h>
            int main(void) { FILE *f = fopen("big", "w"); char b[65536] = {0};
                for (int i = 0; i < 2000; i++) fwrite(b, 1, sizeof b, f); fclose(f); return 0; }
            """
        let prog = try compileC(source, name: "bigfile", in: work)
        let outcome = try await h.run([prog], policy(SandboxLimits(fileSizeBytes: 1 << 20)))
        #expect(outcome.limitHit == .fsize)
        #expect(outcome.signal == SIGXFSZ)
        let size = try FileManager.default.attributesOfItem(atPath: work.file("big"))[.size] as? Int
        #expect(size ?? 0 <= 1 << 20)
    }

    @Test func fillingTmpStopsAtItsSize() async throws {
        let outcome = try await h.run(
            ["/bin/sh", "-c", "head -c 64M /dev/zero > /tmp/fill; echo status=$?; du -k /tmp/fill"],
            policy(
                SandboxLimits(
                    memoryBytes: 256 << 20, fileSizeBytes: 256 << 20,
                    tmpBytes: 8 << 20)))
        #expect(text(outcome.stderr).contains("No space left on device"))
        #expect(text(outcome.stdout).contains("status=1"))
        #expect(text(outcome.stdout).contains("8192\t/tmp/fill"))
        #expect(outcome.limitHit == nil)
    }

    @Test func tcpToTheHostsLoopbackFails() async throws {
        let listener = try LoopbackListener()
        let script = """
            import socket
            try:
                socket.create_connection(("127.0.0.1", \(listener.port)), timeout=2)
                print("connected")
            except OSError as e:
                print("blocked", e.errno)
            """
        let outcome = try await h.run(["python3", "-c", script], policy(SandboxLimits(), profile: "python"))
        #expect(text(outcome.stdout).hasPrefix("blocked"))
        #expect(!listener.hadConnection())
    }

    @Test func hostSecretsAreInvisible() async throws {
        let secret = "secret-\(UUID().uuidString)"
        let planted = "/tmp/ladder-planted-\(UUID().uuidString.prefix(8))"
        try secret.write(toFile: planted, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: planted) }
        setenv("LADDER_HOSTILE_SECRET", secret, 1)
        defer { unsetenv("LADDER_HOSTILE_SECRET") }
        let script = """
            ls -a /root /home 2>&1; cat \(planted) 2>&1; ls \(Box.repositoryRoot)/Graders \(Box.repositoryRoot) 2>&1
            cat /etc/shadow 2>&1; env; cat /proc/1/environ 2>&1 | tr '\\0' '\\n'
            """
        let outcome = try await h.run(["/bin/sh", "-c", script], policy(SandboxLimits()))
        let all = text(outcome.stdout) + text(outcome.stderr)
        #expect(!all.contains(secret))
        #expect(!all.contains("LADDER_HOSTILE_SECRET"))
        #expect(all.contains("cannot access '/root': No such file or directory"))
        #expect(all.contains("cannot access '/home': No such file or directory"))
        #expect(!all.contains("Package.swift"))
    }

    @Test func writingOutsideTheWorkDirectoryFailsAndTheHostIsUnchanged() async throws {
        let name = "ladder-escape-\(UUID().uuidString.prefix(8))"
        let targets = [
            "/usr/\(name)", "/etc/\(name)", "/\(name)", "/var/tmp/\(name)", "/work/../\(name)", "/dev/\(name)",
        ]
        let script =
            targets.map { "touch \($0) 2>/dev/null && echo WROTE \($0)" }.joined(separator: "; ")
            + "; touch /work/inside && echo inside-ok; touch /tmp/scratch && echo tmp-ok"
        let outcome = try await h.run(["/bin/sh", "-c", script], policy(SandboxLimits()))
        #expect(!text(outcome.stdout).contains("WROTE"))
        #expect(text(outcome.stdout).contains("inside-ok") && text(outcome.stdout).contains("tmp-ok"))
        for target in ["/usr/\(name)", "/etc/\(name)", "/\(name)", "/var/tmp/\(name)", "/dev/\(name)"] {
            #expect(!FileManager.default.fileExists(atPath: target), "host changed: \(target)")
        }
    }

    @Test func killAllKillsOnlyTheBox() async throws {
        let outside = Process()
        outside.executableURL = URL(fileURLWithPath: "/bin/sleep")
        outside.arguments = ["30"]
        try outside.run()
        defer { outside.terminate() }
        let marker = uniqueMarker("killall")
        // Guarded so that even a broken launcher cannot let this loose: it runs only as a non-root uid that is
        // PID 2 of its own namespace.
        let script = """
            sleep 100 &
            if [ "$(id -u)" != 0 ] && [ "$$" -le 3 ]; then kill -9 -1; echo "killed from pid $$"; else echo "guard refused"; fi
            wait; echo "after"
            """
        let outcome = try await h.run(
            ["/bin/sh", "-c", script, marker], policy(SandboxLimits(wallTime: .seconds(5))),
            marker: marker)
        #expect(text(outcome.stdout).contains("killed from pid 2"))
        #expect(outcome.exitCode == 0)
        #expect(outside.isRunning)
    }

    @Test func stoppingItsParentDoesNotStopTheClock() async throws {
        let marker = uniqueMarker("sigstop")
        let script = "kill -STOP $PPID; kill -STOP 1; sh -c 'kill -STOP $PPID' ; echo unreachable"
        let outcome = try await h.run(
            ["/bin/sh", "-c", script, marker], policy(SandboxLimits(wallTime: .seconds(1))),
            marker: marker)
        #expect(outcome.limitHit == .wall)
        #expect(outcome.wallTime < .seconds(3))
        #expect(!text(outcome.stdout).contains("unreachable"))
    }

    @Test func procOneRootDoesNotLeadOut() async throws {
        let secret = "secret-\(UUID().uuidString)"
        let planted = "/tmp/ladder-planted-\(UUID().uuidString.prefix(8))"
        try secret.write(toFile: planted, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: planted) }
        let script = """
            ls /proc/1/root/ 2>&1; cat /proc/1/root\(planted) 2>&1; ls /proc/1/root/oldroot 2>&1
            cat /proc/self/root/../../..\(planted) 2>&1; cat /proc/1/cwd\(planted) 2>&1
            for p in /proc/[0-9]*; do cat $p/root\(planted) 2>/dev/null; done; echo done
            """
        let outcome = try await h.run(["/bin/sh", "-c", script], policy(SandboxLimits()))
        let all = text(outcome.stdout) + text(outcome.stderr)
        #expect(all.contains("done"))
        #expect(!all.contains(secret))
    }

    @Test func symlinkInTheSubmissionDoesNotLeakTheHost() async throws {
        let secret = "secret-\(UUID().uuidString)"
        let planted = "/tmp/ladder-planted-\(UUID().uuidString.prefix(8))"
        try secret.write(toFile: planted, atomically: false, encoding: .utf8)
        chmod(planted, 0o600)
        defer { try? FileManager.default.removeItem(atPath: planted) }
        try FileManager.default.createSymbolicLink(atPath: work.file("link"), withDestinationPath: planted)
        try FileManager.default.createSymbolicLink(atPath: work.file("shadow"), withDestinationPath: "/etc/shadow")
        try FileManager.default.createSymbolicLink(atPath: work.file("up"), withDestinationPath: "../../../../../tmp")
        let outcome = try await h.run(
            ["/bin/sh", "-c", "cat link shadow up/\((planted as NSString).lastPathComponent) 2>&1; echo done"],
            policy(SandboxLimits()))
        #expect(text(outcome.stdout).contains("done"))
        #expect(!text(outcome.stdout).contains(secret))
        let owner = try FileManager.default.attributesOfItem(atPath: planted)[.ownerAccountID] as? Int
        #expect(owner == Int(geteuid()), "the host file behind the symlink changed owner")
    }

    @Test func movingToAnotherCgroupDoesNotShedTheLimits() async throws {
        let marker = uniqueMarker("cgescape")
        let script = """
            import os, subprocess
            for path in ["/sys/fs/cgroup/memory/cgroup.procs", "/sys/fs/cgroup/cgroup.procs", "/proc/self/cgroup"]:
                try:
                    with open(path, "w") as f: f.write(str(os.getpid()))
                    print("moved via", path)
                except OSError as e:
                    print("refused", path, e.errno)
            r = subprocess.run(["mount", "-t", "cgroup", "-o", "memory", "none", "/tmp"], capture_output=True)
            print("mount", r.returncode)
            hog = []
            while True: hog.append(bytearray(1 << 20))
            """
        let outcome = try await h.run(
            ["python3", "-c", script, marker],
            policy(SandboxLimits(wallTime: .seconds(10), memoryBytes: 64 << 20), profile: "python"),
            marker: marker)
        #expect(!text(outcome.stdout).contains("moved via"))
        #expect(text(outcome.stdout).contains("mount 32") || text(outcome.stdout).contains("mount 1"))
        if outcome.enforcement != .rlimit {
            #expect(outcome.limitHit == .memory)
        }
    }
}

extension HostileProgramTests {
    @Test func killingTheLauncherTakesTheBoxWithItAndTheNextRunSweepsItsCgroups() async throws {
        let marker = uniqueMarker("orphaned")
        let launcher = Process()
        launcher.executableURL = URL(fileURLWithPath: h.sandbox.launcherPath)
        launcher.arguments = [
            "--ro-bind", "/usr", "--ro-bind", "/lib", "--ro-bind", "/lib64", "--pids", "8", "--",
            "/usr/bin/sh", "-c", "sleep 60 & sleep 60", marker,
        ]
        try launcher.run()
        var started = false
        for _ in 0..<100 where !started {
            started = processes(matching: marker).count >= 2
            if !started { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(started)
        let prefix = "\(CgroupNames.runPrefix)\(launcher.processIdentifier)-"
        func runDirectories() -> [String] {
            Box.cgroupControllers.flatMap { controller in
                ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup/\(controller)/ladder")) ?? [])
                    .filter { $0.hasPrefix(prefix) }
            }
        }
        if Box.isRoot {
            // A live run's cgroups are locked by its launcher: another run's sweep leaves them alone.
            _ = try await h.run(["/bin/true"], policy(SandboxLimits()))
            #expect(runDirectories().count == Box.cgroupControllers.count, "a sweep removed a live run's cgroups")
        }
        // The box's processes: those naming the marker, and (as root) every task still in the run's cgroups, since
        // the `sleep`s do not carry the marker and die a moment after the box's init. The sweep can remove a cgroup
        // only once it is empty, so the next run is started only after that.
        func boxProcesses() -> [String] {
            var found = processes(matching: marker).map { "pid \($0)" }
            if Box.isRoot {
                for controller in Box.cgroupControllers {
                    let parent = "/sys/fs/cgroup/\(controller)/ladder"
                    let runs = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [])
                        .filter { $0.hasPrefix(prefix) }
                    for run in runs {
                        let procs =
                            (try? String(contentsOfFile: "\(parent)/\(run)/cgroup.procs", encoding: .utf8)) ?? ""
                        found += procs.split(separator: "\n").map { "pid \($0) in \(controller)/\(run)" }
                    }
                }
            }
            return found
        }
        kill(launcher.processIdentifier, SIGKILL)
        launcher.waitUntilExit()
        var survivors = boxProcesses()
        for _ in 0..<150 where !survivors.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
            survivors = boxProcesses()
        }
        #expect(survivors.isEmpty, "the box outlived its launcher: \(survivors)")
        _ = try await h.run(["/bin/true"], policy(SandboxLimits()))
        if Box.isRoot {
            #expect(runDirectories().isEmpty, "stale cgroups of the killed launcher: \(runDirectories())")
        }
    }
}

/// A TCP listener on the host's 127.0.0.1 that records whether anything connected.
final class LoopbackListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ptr in
                bind(fd, ptr, len) == 0 && listen(fd, 8) == 0 && getsockname(fd, ptr, &len) == 0
            }
        }
        guard bound else {
            close(fd)
            throw SandboxError(.launchFailed, "cannot listen on 127.0.0.1")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func hadConnection() -> Bool {
        let client = accept(fd, nil, nil)
        if client >= 0 { close(client) }
        return client >= 0
    }

    deinit { close(fd) }
}
