/* ladder-sandbox: run one command in fresh namespaces under cgroup limits,
 * kill everything it started, and report what happened as JSON.
 * Single-threaded by design: namespaces and fork() do not mix with threads. */
#include "box.h"
#include "cgroup.h"
#include "config.h"
#include "forward.h"
#include "placement.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define LAUNCHER_VERSION "2"
/* How often the box's cgroups are read for a limit reached: every 5 ms near the CPU-time limit, so a spinning box
 * stops within a few milliseconds of it; at most every 50 ms while it is further than that (an OOM kill or a fork
 * refused is also read once the box has ended), since each check opens and reads three cgroup files and, at 5 ms,
 * a box that only waited cost its launcher 2% of a core. */
#define CHECK_INTERVAL_NS (5 * 1000000ull)
#define CHECK_INTERVAL_MAX_NS (50 * 1000000ull)

static const char usage_text[] =
    "usage: ladder-sandbox [OPTION]... -- COMMAND [ARG]...\n"
    "       ladder-sandbox --probe\n"
    "Runs COMMAND in new PID, mount, network, IPC and UTS namespaces (and a user\n"
    "namespace when not root) with a minimal read-only root, under cgroup limits.\n"
    "\n"
    "Filesystem:\n"
    "  --ro-bind SRC[:DST]     bind host SRC read-only at DST (default: SRC)\n"
    "  --ro-bind-try SRC[:DST] same, skipped when SRC does not exist\n"
    "  --bind SRC[:DST]        bind host SRC writable at DST\n"
    "  --workdir DIR           bind DIR writable at /work and start there\n"
    "  --tmpfs-size BYTES      size of the private /tmp (default 64M)\n"
    "Process:\n"
    "  --setenv NAME=VALUE     the environment is empty except for these\n"
    "  --uid N --gid N         ids the program runs as (default 65534)\n"
    "  --hostname NAME         hostname inside (default ladder)\n"
    "  --stdin FILE            program's stdin (default /dev/null)\n"
    "  --stdin-open            program's stdin is an empty pipe held open until the run ends\n"
    "                          (a read waits, as under a CI runner that never closes it)\n"
    "  --stdout FILE           write the program's stdout here (default: our stdout)\n"
    "  --stderr FILE           write the program's stderr here (default: our stderr)\n"
    "Limits (0 or absent: none):\n"
    "  --wall-ms N  --cpu-ms N (CPU of the whole tree)  --memory BYTES (whole tree)\n"
    "  --pids N  --output BYTES (per stream)  --fsize BYTES  --nofile N  --stack BYTES\n"
    "  --no-cgroup             use rlimits only (per process; stated in the result)\n"
    "Reporting and services:\n"
    "  --status-fd N           write the result as one JSON object to descriptor N\n"
    "  --forward SOCK=PORT     relay connections on Unix socket SOCK to the box's 127.0.0.1:PORT\n"
    "  --share-net             keep the host's network namespace instead of a new one with only\n"
    "                          loopback (for trusted setup commands that download; not with --forward)\n"
    "  --claim-cpu GROUP       claim a CPU no other launcher of this user and GROUP holds and,\n"
    "                          when others hold CPUs too, run this box on that CPU alone\n"
    "  --probe                 print what this machine can enforce, as JSON, and exit\n"
    "Sizes take K, M or G suffixes (powers of 1024). Exit status: 0 when the program ran\n"
    "(its own status is in the JSON), 2 for bad options, 125 when the box could not be set up.\n";

static struct config cfg = {.status_fd = -1, .uid = 65534, .gid = 65534, .tmpfs_size = 64ull << 20};
static struct cgroup cg = {.lock = {-1, -1, -1}};
static pid_t box_pid = -1;
static char run_id[64];

char *describe_mounts(const struct config *c)
{
    struct strbuf sb = {0};
    for (size_t i = 0; i < c->n_mounts; i++) {
        const struct mount_spec *m = &c->mounts[i];
        if (m->symlink)
            sb_printf(&sb, "%s -> %s, ", m->dst, m->src);
        else
            sb_printf(&sb, "%s%s, ", m->dst, m->writable ? " (rw)" : "");
    }
    if (c->workdir)
        sb_printf(&sb, "/work (rw), ");
    sb_printf(&sb, "/tmp (tmpfs), /proc, /dev");
    return sb.data;
}

/* ---- the result ---------------------------------------------------------- */

struct stream {
    int rfd, dest;
    uint64_t total, written;
    bool truncated, dest_broken;
};

struct result {
    bool have_status;
    int status;
    const char *limit;
    const char *reached[8];
    size_t n_reached;
    bool interrupted;
    uint64_t wall_ns, cpu_ns, peak;
    bool have_cpu, have_peak;
    struct stream out, err;
    char *error;
    const char *error_kind; /* "machine", "command" or "usage", with error */
};

static const char *namespaces_json(void)
{
    static char buf[128];
    snprintf(buf, sizeof buf, "[%s\"pid\",\"mount\",%s\"ipc\",\"uts\"%s]", cfg.userns ? "\"user\"," : "",
             cfg.share_net ? "" : "\"network\",", cg.version != CG_NONE ? ",\"cgroup\"" : "");
    return buf;
}

static void write_status(const struct result *r)
{
    if (cfg.status_fd < 0)
        return;
    struct strbuf sb = {0};
    sb_printf(&sb, "{\"version\":" LAUNCHER_VERSION ",\"run_id\":");
    sb_json_string(&sb, run_id[0] ? run_id : NULL);
    sb_printf(&sb, ",");
    if (r->have_status && WIFEXITED(r->status))
        sb_printf(&sb, "\"exit_code\":%d,\"signal\":null,", WEXITSTATUS(r->status));
    else if (r->have_status && WIFSIGNALED(r->status))
        sb_printf(&sb, "\"exit_code\":null,\"signal\":%d,", WTERMSIG(r->status));
    else
        sb_printf(&sb, "\"exit_code\":null,\"signal\":null,");
    sb_printf(&sb, "\"wall_ms\":%.3f,", (double)r->wall_ns / 1e6);
    if (r->have_cpu)
        sb_printf(&sb, "\"cpu_ms\":%.3f,", (double)r->cpu_ns / 1e6);
    else
        sb_printf(&sb, "\"cpu_ms\":null,");
    if (r->have_peak)
        sb_printf(&sb, "\"peak_memory_bytes\":%llu,", (unsigned long long)r->peak);
    else
        sb_printf(&sb, "\"peak_memory_bytes\":null,");
    sb_printf(&sb, "\"limit\":");
    sb_json_string(&sb, r->limit);
    sb_printf(&sb, ",\"limits_reached\":[");
    for (size_t i = 0; i < r->n_reached; i++) {
        if (i)
            sb_printf(&sb, ",");
        sb_json_string(&sb, r->reached[i]);
    }
    sb_printf(&sb, "],\"interrupted\":%s,", r->interrupted ? "true" : "false");
    sb_printf(&sb, "\"stdout_bytes\":%llu,\"stdout_truncated\":%s,\"stderr_bytes\":%llu,\"stderr_truncated\":%s,",
              (unsigned long long)r->out.total, r->out.truncated ? "true" : "false",
              (unsigned long long)r->err.total, r->err.truncated ? "true" : "false");
    sb_printf(&sb, "\"enforcement\":\"%s\",\"namespaces\":%s,\"uid\":%u,", cg_version_name(cg.version),
              namespaces_json(), (unsigned)cfg.uid);
    sb_printf(&sb, "\"warnings\":[");
    for (size_t i = 0; i < n_warnings; i++) {
        if (i)
            sb_printf(&sb, ",");
        sb_json_string(&sb, warnings[i]);
    }
    sb_printf(&sb, "],\"error\":");
    sb_json_string(&sb, r->error);
    sb_printf(&sb, ",\"error_kind\":");
    sb_json_string(&sb, r->error ? r->error_kind : NULL);
    sb_printf(&sb, "}\n");
    write_all(cfg.status_fd, sb.data, sb.len);
    free(sb.data);
}

static void teardown(void)
{
    if (box_pid > 0) {
        kill(box_pid, SIGKILL);
        waitpid(box_pid, NULL, 0);
        box_pid = -1;
    }
    forward_stop();
    if (cg.version != CG_NONE)
        cg_destroy(&cg);
}

static void __attribute__((noreturn)) launcher_die(const char *message, int code)
{
    teardown();
    struct result r = {.error = (char *)message, .error_kind = code == EXIT_USAGE ? "usage" : "machine"};
    write_status(&r);
    fprintf(stderr, "ladder-sandbox: %s\n", message);
    if (code == EXIT_USAGE)
        fprintf(stderr, "Try 'ladder-sandbox --help'.\n");
    exit(code);
}

/* ---- options ------------------------------------------------------------- */

static uint64_t parse_number(const char *opt, const char *value, bool size, uint64_t max)
{
    char *end;
    errno = 0;
    if (!*value || *value == '-')
        goto bad;
    unsigned long long n = strtoull(value, &end, 10);
    if (errno || end == value)
        goto bad;
    if (size && *end) {
        unsigned shift = 0;
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: goto bad;
        }
        end++;
        if (strcmp(end, "B") == 0 || strcmp(end, "iB") == 0)
            end += strlen(end);
        if (n > (ULLONG_MAX >> shift))
            goto range;
        n <<= shift;
    }
    if (*end)
        goto bad;
    if (n > max)
        goto range;
    return n;
bad:
    die_usage("%s: '%s' is not %s", opt, value,
              size ? "a size (bytes, or a number followed by K, M or G)" : "a whole number");
range:
    die_usage("%s: '%s' is out of range (at most %llu)", opt, value, (unsigned long long)max);
}

static void add_mount(const char *spec, bool writable, bool optional, const char *opt)
{
    autofree char *copy = xstrdup(spec);
    char *colon = strchr(copy, ':');
    const char *src = copy, *dst = copy;
    if (colon) {
        *colon = '\0';
        dst = colon + 1;
    }
    if (src[0] != '/' || dst[0] != '/')
        die_usage("%s %s: paths must be absolute", opt, spec);
    if (strcmp(dst, "/") == 0 || strstr(dst, "/..") || strncmp(dst, "/proc", 5) == 0 ||
        strncmp(dst, "/dev", 4) == 0)
        die_usage("%s %s: cannot mount over %s inside the box", opt, spec, dst);
    /* A source that is not there is the caller's mistake, not the machine's. */
    struct stat st;
    if (lstat(src, &st) != 0) {
        if (optional && errno == ENOENT)
            return;
        die_usage("%s: cannot use %s: %s", opt, src, strerror(errno));
    }
    struct mount_spec m = {.dst = xstrdup(dst), .writable = writable};
    if (S_ISLNK(st.st_mode) && strcmp(src, dst) == 0) {
        char target[PATH_MAX];
        ssize_t n = readlink(src, target, sizeof target - 1);
        if (n < 0)
            die_errno("%s: cannot read link %s", opt, src);
        target[n] = '\0';
        m.src = xstrdup(target);
        m.symlink = true;
    } else {
        char *real = realpath(src, NULL);
        if (!real || stat(real, &st) != 0) {
            if (optional && errno == ENOENT)
                return;
            die_usage("%s: cannot resolve %s: %s", opt, src, strerror(errno));
        }
        m.src = real;
        m.is_dir = S_ISDIR(st.st_mode);
    }
    cfg.mounts = xrealloc(cfg.mounts, (cfg.n_mounts + 1) * sizeof m);
    cfg.mounts[cfg.n_mounts++] = m;
}

enum {
    OPT_RO_BIND = 256, OPT_RO_BIND_TRY, OPT_BIND, OPT_BIND_TRY, OPT_WORKDIR, OPT_TMPFS, OPT_SETENV,
    OPT_WALL, OPT_CPU, OPT_MEMORY, OPT_PIDS, OPT_OUTPUT, OPT_FSIZE, OPT_NOFILE, OPT_STACK,
    OPT_STDIN, OPT_STDOUT, OPT_STDERR, OPT_STATUS_FD, OPT_UID, OPT_GID, OPT_NO_CGROUP,
    OPT_FORWARD, OPT_HOSTNAME, OPT_PROBE, OPT_HELP, OPT_STDIN_OPEN, OPT_SHARE_NET, OPT_CLAIM_CPU,
};

static const struct option options[] = {
    {"ro-bind", required_argument, 0, OPT_RO_BIND},   {"ro-bind-try", required_argument, 0, OPT_RO_BIND_TRY},
    {"bind", required_argument, 0, OPT_BIND},         {"bind-try", required_argument, 0, OPT_BIND_TRY},
    {"workdir", required_argument, 0, OPT_WORKDIR},   {"tmpfs-size", required_argument, 0, OPT_TMPFS},
    {"setenv", required_argument, 0, OPT_SETENV},     {"wall-ms", required_argument, 0, OPT_WALL},
    {"cpu-ms", required_argument, 0, OPT_CPU},        {"memory", required_argument, 0, OPT_MEMORY},
    {"pids", required_argument, 0, OPT_PIDS},         {"output", required_argument, 0, OPT_OUTPUT},
    {"fsize", required_argument, 0, OPT_FSIZE},       {"nofile", required_argument, 0, OPT_NOFILE},
    {"stack", required_argument, 0, OPT_STACK},       {"stdin", required_argument, 0, OPT_STDIN},
    {"stdout", required_argument, 0, OPT_STDOUT},     {"stderr", required_argument, 0, OPT_STDERR},
    {"status-fd", required_argument, 0, OPT_STATUS_FD}, {"uid", required_argument, 0, OPT_UID},
    {"gid", required_argument, 0, OPT_GID},           {"no-cgroup", no_argument, 0, OPT_NO_CGROUP},
    {"forward", required_argument, 0, OPT_FORWARD},   {"hostname", required_argument, 0, OPT_HOSTNAME},
    {"probe", no_argument, 0, OPT_PROBE},             {"help", no_argument, 0, OPT_HELP},
    {"stdin-open", no_argument, 0, OPT_STDIN_OPEN},   {"share-net", no_argument, 0, OPT_SHARE_NET},
    {"claim-cpu", required_argument, 0, OPT_CLAIM_CPU},
    {0, 0, 0, 0},
};

static bool parse_options(int argc, char **argv)
{
    bool probe = false;
    const uint64_t big = UINT64_MAX / 2;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+", options, NULL)) != -1) {
        const char *name = argv[optind - 1];
        switch (opt) {
        case OPT_RO_BIND: add_mount(optarg, false, false, "--ro-bind"); break;
        case OPT_RO_BIND_TRY: add_mount(optarg, false, true, "--ro-bind-try"); break;
        case OPT_BIND: add_mount(optarg, true, false, "--bind"); break;
        case OPT_BIND_TRY: add_mount(optarg, true, true, "--bind-try"); break;
        case OPT_WORKDIR: {
            char *real = realpath(optarg, NULL);
            struct stat st;
            if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
                die_usage("--workdir %s: %s", optarg, real ? "not a directory" : strerror(errno));
            cfg.workdir = real;
            break;
        }
        case OPT_TMPFS: cfg.tmpfs_size = parse_number("--tmpfs-size", optarg, true, big); break;
        case OPT_SETENV:
            if (!strchr(optarg, '=') || optarg[0] == '=')
                die_usage("--setenv %s: expected NAME=VALUE", optarg);
            cfg.env = xrealloc(cfg.env, (cfg.n_env + 2) * sizeof(char *));
            cfg.env[cfg.n_env++] = optarg;
            cfg.env[cfg.n_env] = NULL;
            break;
        case OPT_WALL: cfg.lim.wall_ms = parse_number("--wall-ms", optarg, false, big / 1000000); break;
        case OPT_CPU: cfg.lim.cpu_ms = parse_number("--cpu-ms", optarg, false, big / 1000000); break;
        case OPT_MEMORY: cfg.lim.memory = parse_number("--memory", optarg, true, big); break;
        case OPT_PIDS: cfg.lim.pids = parse_number("--pids", optarg, false, 4194304); break;
        case OPT_OUTPUT: cfg.lim.output = parse_number("--output", optarg, true, big); break;
        case OPT_FSIZE: cfg.lim.fsize = parse_number("--fsize", optarg, true, big); break;
        case OPT_NOFILE: cfg.lim.nofile = parse_number("--nofile", optarg, false, 1048576); break;
        case OPT_STACK: cfg.lim.stack = parse_number("--stack", optarg, true, big); break;
        case OPT_STDIN: cfg.stdin_path = optarg; break;
        case OPT_STDIN_OPEN: cfg.stdin_open = true; break;
        case OPT_SHARE_NET: cfg.share_net = true; break;
        case OPT_STDOUT: cfg.stdout_path = optarg; break;
        case OPT_STDERR: cfg.stderr_path = optarg; break;
        case OPT_STATUS_FD:
            cfg.status_fd = (int)parse_number("--status-fd", optarg, false, INT_MAX);
            if (fcntl(cfg.status_fd, F_SETFD, FD_CLOEXEC) != 0) {
                cfg.status_fd = -1;
                die_usage("--status-fd %s: not an open descriptor", optarg);
            }
            break;
        case OPT_UID: cfg.uid = (uid_t)parse_number("--uid", optarg, false, 4294967294u); break;
        case OPT_GID: cfg.gid = (gid_t)parse_number("--gid", optarg, false, 4294967294u); break;
        case OPT_NO_CGROUP: cfg.no_cgroup = true; break;
        case OPT_FORWARD: {
            char *eq = strrchr(optarg, '=');
            if (!eq || eq == optarg)
                die_usage("--forward %s: expected SOCKPATH=PORT", optarg);
            *eq = '\0';
            cfg.forward_path = optarg;
            cfg.forward_port = (int)parse_number("--forward PORT", eq + 1, false, 65535);
            if (cfg.forward_port == 0)
                die_usage("--forward: port 0 is not a port");
            break;
        }
        case OPT_CLAIM_CPU:
            if (!*optarg || strlen(optarg) > 64)
                die_usage("--claim-cpu '%s': a group is 1 to 64 characters", optarg);
            cfg.cpu_group = optarg;
            break;
        case OPT_HOSTNAME:
            if (!*optarg || strlen(optarg) > 64)
                die_usage("--hostname '%s': must be 1 to 64 characters", optarg);
            cfg.hostname = optarg;
            break;
        case OPT_PROBE: probe = true; break;
        case OPT_HELP:
            fputs(usage_text, stdout);
            exit(0);
        default:
            die_usage("unknown or incomplete option %s", name);
        }
    }
    if (!cfg.hostname)
        cfg.hostname = "ladder";
    if (probe)
        return true;
    if (cfg.uid == 0 || cfg.gid == 0)
        die_usage("--uid/--gid 0: the program must not run as root");
    if (cfg.tmpfs_size < 4096)
        die_usage("--tmpfs-size: at least 4K");
    if (cfg.stdin_open && cfg.stdin_path)
        die_usage("--stdin-open and --stdin: give one of them");
    /* The relay reaches the service through a socket made in the box's own network namespace. */
    if (cfg.share_net && cfg.forward_path)
        die_usage("--share-net and --forward cannot be combined: the relay needs the box's own network namespace");
    if (optind >= argc)
        die_usage("no command given (put it after --)");
    cfg.argv = argv + optind;
    if (!cfg.env) {
        cfg.env = xmalloc(sizeof(char *));
        cfg.env[0] = NULL;
    }
    return false;
}

/* ---- setup --------------------------------------------------------------- */

static void ensure_standard_fds(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0) {
            int n = open("/dev/null", O_RDWR);
            if (n < 0 || (n != fd && dup2(n, fd) < 0))
                die_errno("cannot open /dev/null as descriptor %d", fd);
            if (n != fd)
                close(n);
        }
}

static uid_t chown_uid;
static gid_t chown_gid;

static int chown_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    /* A hard link could be a host file; leave it alone rather than hand it to the box. */
    if (type == FTW_F && st->st_nlink > 1)
        return 0;
    if (st->st_uid == chown_uid && st->st_gid == chown_gid)
        return 0;
    if (lchown(path, chown_uid, chown_gid) != 0)
        add_warning("cannot give %s to uid %u: %s", path, (unsigned)chown_uid, strerror(errno));
    return 0;
}

/* As root the program runs as an unprivileged uid, which must own its copy: every entry, since a directory already
 * handed over (a copy of a built tree keeps its top's owner) may hold files placed since, such as a test's fixtures. */
static void give_workdir_to_program(void)
{
    struct stat st;
    if (!cfg.workdir || cfg.userns || stat(cfg.workdir, &st) != 0)
        return;
    chown_uid = cfg.uid;
    chown_gid = cfg.gid;
    nftw(cfg.workdir, chown_entry, 32, FTW_PHYS | FTW_MOUNT);
}

static int open_output(const char *path, int fallback)
{
    if (!path)
        return fallback;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        die_errno("cannot open %s for the program's output", path);
    return fd;
}

static void write_id_maps(pid_t pid)
{
    char path[64], text[64];
    snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
    int err = write_file(path, "deny");
    if (!err) {
        snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
        snprintf(text, sizeof text, "%u %u 1", (unsigned)cfg.uid, (unsigned)geteuid());
        err = write_file(path, text);
    }
    if (!err) {
        snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
        snprintf(text, sizeof text, "%u %u 1", (unsigned)cfg.gid, (unsigned)getegid());
        err = write_file(path, text);
    }
    if (err) {
        errno = -err;
        die_errno("cannot write the user namespace's id map (%s)", path);
    }
}

static void setup_cgroups(const char *run_id)
{
    if (cfg.no_cgroup) {
        add_warning("cgroups disabled by --no-cgroup: memory and CPU limits are per process "
                    "(RLIMIT_DATA, RLIMIT_CPU), the process limit is RLIMIT_NPROC, no peak memory of the tree");
        return;
    }
    char *problem = NULL;
    enum cg_version v = cg_detect(&problem);
    int created = v != CG_NONE ? cg_create(&cg, v, run_id, &cfg.lim, &problem) : -1;
    if (created == 0)
        return;
    if (created == CG_CREATE_VANISHED)
        die("%s", problem);
    add_warning("%s%s; falling back to rlimits: memory and CPU limits are per process "
                "(RLIMIT_DATA, RLIMIT_CPU), the process limit is RLIMIT_NPROC, no peak memory of the tree",
                problem, geteuid() != 0 ? " (not root: run as root or delegate a cgroup to this user)" : "");
    free(problem);
}

/* ---- probe --------------------------------------------------------------- */

static bool user_namespaces_work(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int run_probe(void)
{
    char *problem = NULL;
    enum cg_version v = cg_detect(&problem);
    bool usable = false;
    if (v != CG_NONE && !cfg.no_cgroup) {
        char id[64];
        snprintf(id, sizeof id, CG_RUN_PREFIX "probe-%d", (int)getpid());
        struct limits none = {0};
        if (cg_create(&cg, v, id, &none, &problem) == 0) {
            usable = true;
            cg_destroy(&cg);
        }
    }
    bool root = geteuid() == 0;
    bool userns = user_namespaces_work();
    struct strbuf sb = {0};
    sb_printf(&sb, "{\"version\":" LAUNCHER_VERSION ",\"root\":%s,\"euid\":%u,\"user_namespaces\":%s,",
              root ? "true" : "false", (unsigned)geteuid(), userns ? "true" : "false");
    sb_printf(&sb, "\"cgroup_version\":%s,", v == CG_V2 ? "\"v2\"" : v == CG_V1 ? "\"v1\"" : "null");
    autofree char *controllers = cg_controllers(v);
    sb_printf(&sb, "\"cgroup_controllers\":");
    sb_json_string(&sb, controllers);
    sb_printf(&sb, ",\"cgroup_usable\":%s,\"cgroup_problem\":", usable ? "true" : "false");
    sb_json_string(&sb, usable ? NULL : (problem ? problem : (cfg.no_cgroup ? "disabled by --no-cgroup" : NULL)));
    sb_printf(&sb, ",\"enforcement\":\"%s\",", usable ? cg_version_name(v) : "rlimit");
    bool can_isolate = root || userns;
    sb_printf(&sb, "\"namespaces\":[%s],", can_isolate
                  ? (root ? "\"pid\",\"mount\",\"network\",\"ipc\",\"uts\",\"cgroup\""
                          : "\"user\",\"pid\",\"mount\",\"network\",\"ipc\",\"uts\"")
                  : "");
    sb_printf(&sb, "\"user_mode\":\"%s\"}\n", root ? "root, program runs as an unprivileged uid"
                                              : userns ? "user namespace" : "unavailable: not root and no user namespaces");
    int fd = cfg.status_fd >= 0 ? cfg.status_fd : 1;
    write_all(fd, sb.data, sb.len);
    return 0;
}

/* ---- the run ------------------------------------------------------------- */

static struct result res;

static void kill_box(const char *reason)
{
    if (res.limit || res.interrupted)
        return;
    res.limit = reason;
    if (reason)
        res.reached[res.n_reached++] = reason;
    kill(box_pid, SIGKILL);
}

static bool reached(const char *what)
{
    for (size_t i = 0; i < res.n_reached; i++)
        if (strcmp(res.reached[i], what) == 0)
            return true;
    return false;
}

static void note_reached(const char *what)
{
    if (!reached(what) && res.n_reached < 8)
        res.reached[res.n_reached++] = what;
}

/* Copy what the program wrote to its destination, cut at the limit. */
static void pump_stream(struct stream *s)
{
    char buf[65536];
    ssize_t n = read(s->rfd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        close(s->rfd);
        s->rfd = -1;
        return;
    }
    s->total += (uint64_t)n;
    uint64_t take = (uint64_t)n;
    if (cfg.lim.output) {
        uint64_t room = cfg.lim.output > s->written ? cfg.lim.output - s->written : 0;
        if (take > room)
            take = room;
        if (s->total > cfg.lim.output)
            s->truncated = true;
    }
    if (take && !s->dest_broken) {
        if (write_all(s->dest, buf, take) != 0)
            s->dest_broken = true;
    }
    s->written += take;
    if (s->truncated)
        kill_box("output");
}

static char report_buf[4096];
static size_t report_len;

static void read_report(int *fd)
{
    ssize_t n = read(*fd, report_buf + report_len, sizeof report_buf - 1 - report_len);
    if (n > 0) {
        report_len += (size_t)n;
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    close(*fd);
    *fd = -1;
}

static void parse_report(void)
{
    report_buf[report_len] = '\0';
    for (char *line = report_buf; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (line[0] == 'S') {
            res.have_status = true;
            res.status = atoi(line + 1);
        } else if ((line[0] == 'E' || line[0] == 'C') && !res.error) {
            res.error = xstrdup(line + 1);
            res.error_kind = line[0] == 'C' ? "command" : "machine";
        }
        if (!nl)
            break;
        line = nl + 1;
    }
}

/* Reads the box's cgroups and stops it at a limit reached; returns how long until the next check: the time the box
 * would need to reach its CPU-time limit with every core, between CHECK_INTERVAL_NS and CHECK_INTERVAL_MAX_NS. */
static uint64_t check_cgroup_limits(void)
{
    if (cg.version == CG_NONE)
        return CHECK_INTERVAL_MAX_NS;
    if (cg_oom_kills(&cg) > 0)
        kill_box("memory");
    else if (cfg.lim.pids && cg_pids_denied(&cg) > 0)
        kill_box("pids");
    uint64_t ns;
    if (!cfg.lim.cpu_ms)
        return CHECK_INTERVAL_MAX_NS;
    if (!cg_cpu_ns(&cg, &ns))
        return CHECK_INTERVAL_NS;
    uint64_t limit = cfg.lim.cpu_ms * 1000000ull;
    if (ns >= limit) {
        kill_box("cpu");
        return CHECK_INTERVAL_NS;
    }
    static uint64_t cores;
    if (!cores) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        cores = online > 0 ? (uint64_t)online : 1;
    }
    uint64_t reach = (limit - ns) / cores;
    return reach < CHECK_INTERVAL_NS ? CHECK_INTERVAL_NS : reach > CHECK_INTERVAL_MAX_NS ? CHECK_INTERVAL_MAX_NS : reach;
}

/* Names the run and its cgroups. The pid is only for a person reading the
 * cgroup tree: launchers in other PID namespaces can have the same one. */
static void make_run_id(void)
{
    uint64_t random;
    if (getrandom(&random, sizeof random, 0) != (ssize_t)sizeof random)
        die_errno("cannot read random bytes for the run's id");
    snprintf(run_id, sizeof run_id, CG_RUN_PREFIX "%d-%016llx", (int)getpid(), (unsigned long long)random);
}

int main(int argc, char **argv)
{
    pid_t parent = getppid();
    ensure_standard_fds();
    die_hook = launcher_die;
    if (parse_options(argc, argv))
        return run_probe();
    int keep[] = {cfg.status_fd};
    close_fds_except(keep, 1);
    cfg.userns = geteuid() != 0;
    if (cfg.userns && !user_namespaces_work())
        die("not root and user namespaces are unavailable (see /proc/sys/user/max_user_namespaces "
            "and kernel.unprivileged_userns_clone): refusing to run unconfined; run as root or enable them");

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &sigs, NULL) != 0)
        die_errno("cannot block SIGTERM, SIGINT and SIGHUP");
    int sigfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sigfd < 0)
        die_errno("signalfd");
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        die_errno("cannot ignore SIGPIPE");
    /* If whoever started us goes away, tear the box down instead of leaking it.
     * A parent that died before the request would never trigger it. */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
        die_errno("cannot ask for SIGTERM when our parent exits (PR_SET_PDEATHSIG)");
    if (getppid() != parent)
        die("the process that started the launcher exited before the box was set up");

    make_run_id();
    setup_cgroups(run_id);
    give_workdir_to_program();

    /* With --stdin-open the write end stays here, unwritten, until the launcher exits: a read in the box waits
     * for input that never comes, and ends only with the run. */
    int in_fd, stdin_hold = -1;
    if (cfg.stdin_open) {
        int in_pipe[2];
        if (pipe2(in_pipe, O_CLOEXEC) != 0)
            die_errno("cannot make the pipe for the program's stdin");
        in_fd = in_pipe[0];
        stdin_hold = in_pipe[1];
    } else {
        in_fd = open(cfg.stdin_path ? cfg.stdin_path : "/dev/null", O_RDONLY | O_CLOEXEC);
        if (in_fd < 0)
            die_errno("cannot open %s for the program's stdin", cfg.stdin_path);
    }
    res.out.dest = open_output(cfg.stdout_path, 1);
    res.err.dest = open_output(cfg.stderr_path, 2);
    int out_pipe[2], err_pipe[2], report_pipe[2], sync_pipe[2], ctl[2] = {-1, -1};
    if (pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC) || pipe2(report_pipe, O_CLOEXEC) ||
        pipe2(sync_pipe, O_CLOEXEC))
        die_errno("pipe");
    if (cfg.forward_path) {
        forward_listen(cfg.forward_path);
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) != 0)
            die_errno("socketpair");
    }

    /* Before the box is made, so that it and the forwarder share the claimed CPU. */
    if (cfg.cpu_group)
        place_on_free_cpu(cfg.cpu_group);

    int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS;
    if (!cfg.share_net)
        flags |= CLONE_NEWNET;
    if (cfg.userns)
        flags |= CLONE_NEWUSER;
    uint64_t start = monotonic_ns();
    pid_t pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid < 0)
        die_errno("cannot create the box's namespaces (clone)");
    if (pid == 0) {
        struct box_channels ch = {sync_pipe[0], report_pipe[1], ctl[1], in_fd, out_pipe[1], err_pipe[1]};
        box_init(&cfg, &ch, &cg);
    }
    box_pid = pid;
    close(sync_pipe[0]);
    close(report_pipe[1]);
    close(in_fd);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (ctl[1] >= 0)
        close(ctl[1]);
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0)
        die_errno("pidfd_open");
    if (cfg.userns) {
        write_id_maps(pid);
        if (write(sync_pipe[1], "m", 1) != 1)
            die_errno("cannot release the box");
    }
    if (cg.version == CG_V2) {
        char *problem = NULL;
        struct pollfd gone = {pidfd, POLLIN, 0};
        /* A box that already failed its setup cannot be attached; its own report says why. */
        if (cg_attach(&cg, pid, &problem) != 0 && poll(&gone, 1, 0) == 0)
            die("%s", problem);
    }
    if (cg.version == CG_V2 && write(sync_pipe[1], "g", 1) != 1 && errno != EPIPE)
        die_errno("cannot release the box");
    close(sync_pipe[1]);
    if (cfg.forward_path)
        forward_start(ctl[0], cfg.forward_port);

    res.out.rfd = out_pipe[0];
    res.err.rfd = err_pipe[0];
    int report_fd = report_pipe[0];
    uint64_t deadline = cfg.lim.wall_ms ? start + cfg.lim.wall_ms * 1000000ull : 0;
    uint64_t next_check = start + CHECK_INTERVAL_NS;
    for (;;) {
        struct pollfd pfd[5 + FORWARD_MAX_POLLFDS] = {
            {pidfd, POLLIN, 0}, {sigfd, POLLIN, 0}, {report_fd, POLLIN, 0},
            {res.out.rfd, POLLIN, 0}, {res.err.rfd, POLLIN, 0},
        };
        size_t n = 5 + forward_pollfds(pfd + 5, FORWARD_MAX_POLLFDS);
        uint64_t now = monotonic_ns();
        int64_t wait_ns = -1;
        if (deadline)
            wait_ns = deadline > now ? (int64_t)(deadline - now) : 0;
        if (cg.version != CG_NONE) {
            int64_t until_check = next_check > now ? (int64_t)(next_check - now) : 0;
            if (wait_ns < 0 || wait_ns > until_check)
                wait_ns = until_check;
        }
        int64_t until_retry = forward_wait_ns(now);
        if (until_retry >= 0 && (wait_ns < 0 || wait_ns > until_retry))
            wait_ns = until_retry;
        int timeout = wait_ns < 0 ? -1 : (int)((wait_ns + 999999) / 1000000);
        if (poll(pfd, n, timeout) < 0 && errno != EINTR)
            die_errno("poll");
        if (pfd[3].revents)
            pump_stream(&res.out);
        if (pfd[4].revents)
            pump_stream(&res.err);
        if (pfd[2].revents)
            read_report(&report_fd);
        if (pfd[1].revents) {
            struct signalfd_siginfo si;
            while (read(sigfd, &si, sizeof si) > 0)
                ;
            if (!res.limit && !res.interrupted) {
                res.interrupted = true;
                kill(box_pid, SIGKILL);
            }
        }
        forward_handle(pfd + 5);
        if (pfd[0].revents)
            break;
        now = monotonic_ns();
        if (deadline && now >= deadline)
            kill_box("wall");
        if (now >= next_check)
            next_check = now + check_cgroup_limits();
    }
    res.wall_ns = monotonic_ns() - start;
    int init_status;
    pid_t reaped;
    while ((reaped = waitpid(pid, &init_status, 0)) < 0 && errno == EINTR)
        ;
    if (reaped != pid)
        die_errno("cannot reap the box's init");
    box_pid = -1;
    if (stdin_hold >= 0)
        close(stdin_hold);

    /* Every process of the box is gone now, so these reads end at EOF. */
    while (res.out.rfd >= 0)
        pump_stream(&res.out);
    while (res.err.rfd >= 0)
        pump_stream(&res.err);
    while (report_fd >= 0)
        read_report(&report_fd);
    parse_report();
    forward_stop();

    if (!res.have_status && WIFSIGNALED(init_status)) {
        res.have_status = true;
        res.status = init_status;
    }
    if (cg.version != CG_NONE) {
        res.have_cpu = cg_cpu_ns(&cg, &res.cpu_ns);
        res.have_peak = cg_peak_memory(&cg, &res.peak);
        if (cg_oom_kills(&cg) > 0)
            note_reached("memory");
        if (cfg.lim.pids && cg_pids_denied(&cg) > 0)
            note_reached("pids");
        /* Checked after the reads: a directory still there now was there for all of them. */
        const char *vanished = cg_vanished(&cg);
        if (vanished && !res.error) {
            res.error = xasprintf("the run's cgroup %s vanished under the run: something removed it while its "
                                  "launcher held its lock, so the run's CPU time, memory and limits are unknown",
                                  vanished);
            res.error_kind = "machine";
        }
        cg_destroy(&cg);
        cg.version = cfg.no_cgroup ? CG_NONE : cg_detect(&(char *){NULL});
    } else {
        struct rusage ru;
        if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
            die_errno("cannot read the box's resource usage");
        res.have_cpu = true;
        res.cpu_ns = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ull +
                     (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
        res.have_peak = true;
        res.peak = (uint64_t)ru.ru_maxrss * 1024;
    }
    int sig = res.have_status && WIFSIGNALED(res.status) ? WTERMSIG(res.status) : 0;
    /* A shell reports a child killed by signal N as exit status 128+N; a
     * program run through `sh -c` that hits a limit is judged the same way. */
    int code = res.have_status && WIFEXITED(res.status) ? WEXITSTATUS(res.status) : 0;
    if (cfg.lim.cpu_ms && (sig == SIGXCPU || code == 128 + SIGXCPU || res.cpu_ns >= cfg.lim.cpu_ms * 1000000ull))
        note_reached("cpu");
    if (cfg.lim.fsize && (sig == SIGXFSZ || code == 128 + SIGXFSZ))
        note_reached("fsize");
    if (res.error)
        res.have_status = false; /* the status is that of the failed setup, not of a program */
    if (!res.limit && !res.interrupted && res.n_reached > 0)
        res.limit = res.reached[0];
    write_status(&res);
    if (res.error) {
        fprintf(stderr, "ladder-sandbox: %s\n", res.error);
        return EXIT_SETUP;
    }
    return 0;
}
