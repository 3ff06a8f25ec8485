import Foundation
import Testing

@testable import LadderSandbox

/// Nothing passes from one box to another, and the box's program runs under the launcher's system call filter.
///
/// Run as root, every box's program is uid 65534 without a user namespace: whatever the kernel keeps per uid (the
/// keyrings) is shared unless the filter denies it. The rest (SysV IPC, POSIX queues, abstract sockets, /dev/shm,
/// /tmp) is per box through the IPC and network namespaces and a private tmpfs; these tests hold all of it.
@Suite(.serialized, .requires(.sandbox))
struct BoxIsolationTests {
    let h: Harness
    let programs: TemporaryDirectory

    init() throws {
        h = try Harness()
        programs = try TemporaryDirectory("programs")
        // mkdtemp made it 0700; the box's uid must reach the programs in it.
        chmod(programs.path, 0o755)
    }

    /// A policy that sees the compiled test programs read-only at /opt/probe and works in `work`.
    func policy(_ work: TemporaryDirectory) -> SandboxPolicy {
        SandboxPolicy(
            limits: SandboxLimits(wallTime: .seconds(10)),
            readOnlyMounts: [SandboxMount(programs.path, at: "/opt/probe")], workdir: work.path)
    }

    @Test func noKernelObjectCarriesAByteFromOneBoxToAnother() async throws {
        _ = try compileC(leakSource, name: "leak", in: programs)
        let secret = "secret-\(UUID().uuidString.prefix(8))"
        let objects = [
            "sysv shm", "sysv msg", "sysv sem", "posix mq", "/dev/shm/ladder-leak", "/tmp/ladder-leak",
            "abstract socket",
        ]

        // The probe's own check: inside one box it finds every object it planted, so "not found" means isolated.
        let (first, second, third, fourth) = (
            try TemporaryDirectory("work"), try TemporaryDirectory("work"), try TemporaryDirectory("work"),
            try TemporaryDirectory("work")
        )
        let same = try await h.run(["/opt/probe/leak", "both", secret, "1"], policy(first))
        let sameOut = text(same.stdout)
        #expect(sameOut.contains("both done"), "\(sameOut)\(text(same.stderr))\(same.setupError ?? "")")
        for object in objects {
            #expect(sameOut.contains("planted \(object)"), "\(object) could not be planted: \(sameOut)")
            #expect(
                sameOut.contains("FOUND \(object)"), "the probe cannot see \(object) even in its own box: \(sameOut)")
        }
        // The keyrings are closed to the program itself: add_key is denied with EPERM.
        #expect(sameOut.contains("cannot plant user keyring: errno 1 "), "\(sameOut)")
        #expect(sameOut.contains("cannot plant session keyring: errno 1 "), "\(sameOut)")

        // Concurrently: the planting box serves its abstract socket and keeps its objects alive while the other looks.
        let plantPolicy = policy(second)
        let beside = try Harness()  // its own scratch parent: each harness checks that its runs leave nothing behind
        let planting = Task { try await beside.run(["/opt/probe/leak", "plant", secret, "3"], plantPolicy) }
        try await Task.sleep(for: .milliseconds(500))
        let concurrent = try await h.run(["/opt/probe/leak", "probe", secret, "1.5"], policy(third))
        let planted = try await planting.value
        #expect(text(planted.stdout).contains("planted abstract socket"), "\(text(planted.stdout))")
        #expect(text(planted.stdout).contains("plant done"))
        #expect(text(concurrent.stdout).contains("probe done"), "\(text(concurrent.stdout))\(text(concurrent.stderr))")
        #expect(!text(concurrent.stdout).contains("FOUND"), "a box read what another box running beside it stored")

        // Afterwards: nothing the first box stored outlives it.
        let later = try await h.run(["/opt/probe/leak", "probe", secret, "0.2"], policy(fourth))
        #expect(text(later.stdout).contains("probe done"))
        #expect(!text(later.stdout).contains("FOUND"), "a box read what an earlier box stored")
    }

    @Test func deniedSystemCallsFailWithEPERMAndNeverKillTheProgram() async throws {
        _ = try compileC(filterSource, name: "filter", in: programs)
        let work = try TemporaryDirectory("work")
        let outcome = try await h.run(["/opt/probe/filter"], policy(work))
        let out = text(outcome.stdout)
        #expect(
            outcome.exitCode == 0 && outcome.signal == nil, "\(out)\(text(outcome.stderr))\(outcome.setupError ?? "")")
        #expect(out.hasSuffix("filter done\n"), "\(out)")
        var results: [String: Int32] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let errno = Int32(parts[1]) { results[String(parts[0])] = errno }
        }
        let denied =
            [
                "add_key", "keyctl", "request_key", "bpf", "userfaultfd", "perf_event_open", "io_uring_setup",
                "io_uring_enter", "io_uring_register", "kexec_load", "init_module", "finit_module", "delete_module",
                "mount", "umount2", "pivot_root", "open_tree", "fsopen", "fspick", "mount_setattr", "move_mount",
                "open_tree_attr", "ptrace", "setns", "unshare_newuser", "clone_newuser",
                "personality_addr_no_randomize",
                "personality_read_implies_exec", "acct", "swapoff", "reboot", "settimeofday", "open_by_handle_at",
                "name_to_handle_at", "syslog", "quotactl",
            ] + (onX86 ? ["iopl", "ioperm", "x32_getpid", "i386_getpid"] : [])
        for call in denied {
            #expect(results[call] == EPERM, "\(call): errno \(results[call].map(String.init) ?? "missing")")
        }
        #expect(results["clone3"] == ENOSYS, "clone3 must look absent so the C library falls back to clone")
        for allowed in ["personality_query", "personality_linux", "unshare_none", "fork"] {
            #expect(
                results[allowed] == 0,
                "\(allowed) must stay allowed: errno \(results[allowed].map(String.init) ?? "missing")")
        }
    }

    @Test func realRuntimesRunUnderTheFilter() async throws {
        let work = try TemporaryDirectory("work")
        let c = try compileC(
            "#include <pthread.h>\n#include <stdio.h>\nstatic void *run(void *a) { return a; }\n"
                + "int main(void) { pthread_t t; pthread_create(&t, 0, run, 0); pthread_join(t, 0); "
                + "puts(\"c ok\"); return 0; }\n", name: "threads", in: work)
        let cOut = try await h.run([c], SandboxPolicy(workdir: work.path))
        #expect(text(cOut.stdout) == "c ok\n", "\(text(cOut.stderr))")

        let sh = try await h.run(["/bin/sh", "-c", "echo $(echo sh) ok | cat"], SandboxPolicy())
        #expect(text(sh.stdout) == "sh ok\n", "\(text(sh.stderr))")

        let python = """
            import subprocess, threading, tempfile
            t = threading.Thread(target=lambda: None); t.start(); t.join()
            with tempfile.NamedTemporaryFile() as f: f.write(b"x")
            print(subprocess.run(["echo", "python ok"], capture_output=True, text=True).stdout, end="")
            """
        let py = try await h.run(["python3", "-c", python], SandboxPolicy(profile: "python"))
        #expect(text(py.stdout) == "python ok\n", "\(text(py.stderr))")

        // libuv tries io_uring for file operations when asked to; refused, it must fall back to its thread pool.
        let node = """
            const fs = require("fs"), cp = require("child_process");
            fs.writeFile("/tmp/n", "node", () => fs.readFile("/tmp/n", "utf8", (e, d) =>
              cp.exec("echo ok", (e2, out) => console.log(d + " " + out.trim()))));
            """
        let js = try await h.run(
            ["node", "-e", node], SandboxPolicy(profile: "node", environment: ["UV_USE_IO_URING": "1"]))
        #expect(text(js.stdout) == "node ok\n", "\(text(js.stderr))")

        let java = try TemporaryDirectory("java")
        try java.write(
            "Main.java",
            """
            public class Main {
                public static void main(String[] args) throws Exception {
                    Thread t = new Thread(() -> {}); t.start(); t.join();
                    Process p = new ProcessBuilder("true").start();
                    System.out.println("java ok " + p.waitFor());
                }
            }
            """)
        let jvm = try await h.run(
            ["/bin/sh", "-c", "javac Main.java && java -Xmx256m Main"],
            SandboxPolicy(
                profile: "jvm", limits: SandboxLimits(wallTime: .seconds(60), cpuTime: .seconds(60)),
                workdir: java.path))
        #expect(text(jvm.stdout) == "java ok 0\n", "\(text(jvm.stderr))")
    }
}

#if arch(x86_64)
private let onX86 = true
#else
private let onX86 = false
#endif

/// leak.c: tries to pass a secret between boxes through every kernel object a box can reach.
private let leakSource = #"""
    /* Tries to pass a secret from one box to another through every kernel object a box can reach.
     *
     *   leak plant SECRET SECONDS   store SECRET in each object, then serve it on an abstract socket for SECONDS
     *   leak probe SECRET SECONDS   look for SECRET in each object for SECONDS; "FOUND <object>" for each hit
     *   leak both SECRET SECONDS    plant, then probe from the same box (the probe's own check: it must find them)
     *
     * Every line says what happened, so a test can tell "isolated" from "the plant failed". */
    #define _GNU_SOURCE
    #include <errno.h>
    #include <fcntl.h>
    #include <mqueue.h>
    #include <poll.h>
    #include <stddef.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <sys/ipc.h>
    #include <sys/msg.h>
    #include <sys/sem.h>
    #include <sys/shm.h>
    #include <sys/socket.h>
    #include <sys/syscall.h>
    #include <sys/un.h>
    #include <time.h>
    #include <unistd.h>

    #define IPC_KEY 0x1add3e
    #define NAME "ladder-leak"
    #define KEY_SPEC_SESSION_KEYRING -3
    #define KEY_SPEC_USER_KEYRING -4
    #define KEYCTL_SEARCH 10
    #define KEYCTL_READ 11

    struct message {
        long type;
        char text[128];
    };

    static const char *secret;

    static double now(void)
    {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    }

    static void report(const char *object, int ok)
    {
        if (ok)
            printf("planted %s\n", object);
        else
            printf("cannot plant %s: errno %d (%s)\n", object, errno, strerror(errno));
    }

    static socklen_t abstract_address(struct sockaddr_un *addr)
    {
        memset(addr, 0, sizeof *addr);
        addr->sun_family = AF_UNIX;
        memcpy(addr->sun_path + 1, NAME, strlen(NAME));
        return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(NAME));
    }

    static void write_file(const char *path)
    {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        report(path, fd >= 0 && write(fd, secret, strlen(secret)) == (ssize_t)strlen(secret));
        if (fd >= 0)
            close(fd);
    }

    static int plant(void)
    {
        report("user keyring", syscall(SYS_add_key, "user", NAME, secret, strlen(secret), KEY_SPEC_USER_KEYRING) >= 0);
        report("session keyring",
               syscall(SYS_add_key, "user", NAME, secret, strlen(secret), KEY_SPEC_SESSION_KEYRING) >= 0);

        int shm = shmget(IPC_KEY, 4096, IPC_CREAT | 0666);
        char *mem = shm >= 0 ? shmat(shm, NULL, 0) : (char *)-1;
        if (mem != (char *)-1)
            strcpy(mem, secret);
        report("sysv shm", mem != (char *)-1);

        int q = msgget(IPC_KEY, IPC_CREAT | 0666);
        struct message m = {.type = 1};
        snprintf(m.text, sizeof m.text, "%s", secret);
        report("sysv msg", q >= 0 && msgsnd(q, &m, strlen(m.text) + 1, IPC_NOWAIT) == 0);

        /* A semaphore carries a number: the secret's length, looked for as "sem=<length>". */
        int sem = semget(IPC_KEY, 1, IPC_CREAT | 0666);
        report("sysv sem", sem >= 0 && semctl(sem, 0, SETVAL, (int)strlen(secret)) == 0);

        struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 128};
        mqd_t mq = mq_open("/" NAME, O_CREAT | O_WRONLY | O_NONBLOCK, 0666, &attr);
        report("posix mq", mq != (mqd_t)-1 && mq_send(mq, secret, strlen(secret), 0) == 0);

        write_file("/dev/shm/" NAME);
        write_file("/tmp/" NAME);

        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un addr;
        socklen_t len = abstract_address(&addr);
        int listening = s >= 0 && bind(s, (struct sockaddr *)&addr, len) == 0 && listen(s, 8) == 0;
        report("abstract socket", listening);
        fflush(stdout);
        return listening ? s : -1;
    }

    static void serve(int s, double until)
    {
        while (s >= 0 && now() < until) {
            struct pollfd p = {s, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            int c = accept(s, NULL, NULL);
            if (c >= 0) {
                if (write(c, secret, strlen(secret)) < 0)
                    perror("write");
                close(c);
            }
        }
    }

    static void found(const char *object, const char *data, size_t len)
    {
        if (len > 0 && memmem(data, len, secret, strlen(secret)))
            printf("FOUND %s\n", object);
    }

    static void read_file(const char *path)
    {
        char buf[256];
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            return;
        ssize_t n = read(fd, buf, sizeof buf);
        close(fd);
        if (n > 0)
            found(path, buf, (size_t)n);
    }

    static void probe_once(void)
    {
        char buf[256];
        const int keyrings[] = {KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING};
        for (size_t i = 0; i < 2; i++) {
            long key = syscall(SYS_keyctl, KEYCTL_SEARCH, keyrings[i], "user", NAME, 0);
            long n = key >= 0 ? syscall(SYS_keyctl, KEYCTL_READ, key, buf, sizeof buf) : -1;
            if (n > 0)
                found(i == 0 ? "user keyring" : "session keyring", buf, (size_t)n);
        }
        long key = syscall(SYS_request_key, "user", NAME, NULL, 0);
        long n = key >= 0 ? syscall(SYS_keyctl, KEYCTL_READ, key, buf, sizeof buf) : -1;
        if (n > 0)
            found("request_key", buf, (size_t)n);

        int shm = shmget(IPC_KEY, 0, 0);
        char *mem = shm >= 0 ? shmat(shm, NULL, SHM_RDONLY) : (char *)-1;
        if (mem != (char *)-1) {
            found("sysv shm", mem, strnlen(mem, 4096));
            shmdt(mem);
        }

        int q = msgget(IPC_KEY, 0);
        struct message m;
        ssize_t got = q >= 0 ? msgrcv(q, &m, sizeof m.text, 0, IPC_NOWAIT) : -1;
        if (got > 0) {
            found("sysv msg", m.text, (size_t)got);
            msgsnd(q, &m, (size_t)got, IPC_NOWAIT); /* put it back for the next look */
        }

        int sem = semget(IPC_KEY, 1, 0);
        int value = sem >= 0 ? semctl(sem, 0, GETVAL) : -1;
        if (value == (int)strlen(secret))
            printf("FOUND sysv sem\n");

        mqd_t mq = mq_open("/" NAME, O_RDWR | O_NONBLOCK);
        if (mq != (mqd_t)-1) {
            char msg[128];
            ssize_t len = mq_receive(mq, msg, sizeof msg, NULL);
            if (len > 0) {
                found("posix mq", msg, (size_t)len);
                mq_send(mq, msg, (size_t)len, 0);
            }
            mq_close(mq);
        }

        read_file("/dev/shm/" NAME);
        read_file("/tmp/" NAME);

        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un addr;
        socklen_t len = abstract_address(&addr);
        if (s >= 0 && connect(s, (struct sockaddr *)&addr, len) == 0) {
            ssize_t r = read(s, buf, sizeof buf);
            if (r > 0)
                found("abstract socket", buf, (size_t)r);
        }
        if (s >= 0)
            close(s);
        fflush(stdout);
    }

    int main(int argc, char **argv)
    {
        if (argc != 4)
            return 2;
        secret = argv[2];
        double until = now() + atof(argv[3]);
        if (strcmp(argv[1], "plant") == 0) {
            serve(plant(), until);
        } else if (strcmp(argv[1], "both") == 0) {
            int s = plant();
            if (fork() == 0) {
                serve(s, until);
                _exit(0);
            }
            probe_once();
        } else {
            /* One FOUND line per object is enough; looking again and again covers a plant that starts late. */
            do
                probe_once();
            while (now() < until && usleep(100000) == 0);
        }
        printf("%s done\n", argv[1]);
        return 0;
    }
    """#

/// filter.c: calls each denied system call with harmless arguments and prints its errno.
private let filterSource = #"""
    /* Calls each system call the box's filter denies, with harmless arguments, and prints "name errno" per line;
     * then calls the ones it must allow. Never killed: it prints "filter done" last. */
    #define _GNU_SOURCE
    #include <errno.h>
    #include <sched.h>
    #include <signal.h>
    #include <stdio.h>
    #include <string.h>
    #include <sys/personality.h>
    #include <sys/syscall.h>
    #include <unistd.h>

    static void try(const char *name, long rc)
    {
        printf("%s %d\n", name, rc < 0 ? errno : 0);
    }

    int main(void)
    {
        try("add_key", syscall(SYS_add_key, "user", "k", "v", 1, -4));
        try("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -4, 0));
        try("request_key", syscall(SYS_request_key, "user", "k", NULL, 0));
        try("bpf", syscall(SYS_bpf, 0, NULL, 0));
        try("userfaultfd", syscall(SYS_userfaultfd, 0));
        try("perf_event_open", syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
        try("io_uring_setup", syscall(SYS_io_uring_setup, 1, NULL));
        try("io_uring_enter", syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0));
        try("io_uring_register", syscall(SYS_io_uring_register, -1, 0, NULL, 0));
        try("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0));
        try("init_module", syscall(SYS_init_module, NULL, 0, ""));
        try("finit_module", syscall(SYS_finit_module, -1, "", 0));
        try("delete_module", syscall(SYS_delete_module, "x", 0));
        try("mount", syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, NULL));
        try("umount2", syscall(SYS_umount2, "/tmp", 0));
        try("pivot_root", syscall(SYS_pivot_root, "/tmp", "/tmp"));
        try("open_tree", syscall(SYS_open_tree, -100, "/tmp", 0));
        try("fsopen", syscall(SYS_fsopen, "tmpfs", 0));
        try("fspick", syscall(SYS_fspick, -100, "/tmp", 0));
        try("mount_setattr", syscall(SYS_mount_setattr, -100, "/tmp", 0, NULL, 0));
        try("move_mount", syscall(SYS_move_mount, -1, "", -1, "", 0));
        try("open_tree_attr", syscall(467, -100, "/tmp", 0, NULL, 0));
        try("ptrace", syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0));
        try("setns", syscall(SYS_setns, 0, 0));
        try("unshare_newuser", syscall(SYS_unshare, CLONE_NEWUSER));
        try("clone_newuser", syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
        try("clone3", syscall(SYS_clone3, NULL, 0));
        try("personality_addr_no_randomize", syscall(SYS_personality, ADDR_NO_RANDOMIZE));
        try("personality_read_implies_exec", syscall(SYS_personality, READ_IMPLIES_EXEC));
        try("acct", syscall(SYS_acct, NULL));
        try("swapoff", syscall(SYS_swapoff, "/x"));
        try("reboot", syscall(SYS_reboot, 0, 0, 0, NULL));
        try("settimeofday", syscall(SYS_settimeofday, NULL, NULL));
        try("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
        try("name_to_handle_at", syscall(SYS_name_to_handle_at, -100, "/", NULL, NULL, 0));
        try("syslog", syscall(SYS_syslog, 3, NULL, 0));
        try("quotactl", syscall(SYS_quotactl, 0, NULL, 0, NULL));
    #ifdef __x86_64__
        try("iopl", syscall(SYS_iopl, 3));
        try("ioperm", syscall(SYS_ioperm, 0, 1, 1));
        /* getpid through the x32 ABI and through i386's int 0x80 */
        try("x32_getpid", syscall(0x40000000 | SYS_getpid));
        long r;
        __asm__ volatile("int $0x80" : "=a"(r) : "a"(20) : "memory");
        errno = r < 0 ? (int)-r : 0;
        try("i386_getpid", r < 0 ? -1 : r);
    #endif
        /* allowed */
        try("personality_query", syscall(SYS_personality, 0xffffffff));
        try("personality_linux", syscall(SYS_personality, PER_LINUX));
        try("unshare_none", syscall(SYS_unshare, 0));
        pid_t child = fork();
        if (child == 0)
            _exit(0);
        try("fork", child);
        printf("filter done\n");
        return 0;
    }
    """#
