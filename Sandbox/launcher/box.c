#include "box.h"
#include "seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int report_fd = -1;

/* One line to the launcher: "E<message>" when the box could not be built,
 * "C<message>" when the command could not be started in it. */
static void __attribute__((noreturn)) report_and_exit(const char *message, int code)
{
    char line[2100];
    int n = snprintf(line, sizeof line, "%c%s", die_kind == FAILURE_COMMAND ? 'C' : 'E', message);
    if (n < 0)
        _exit(code);
    if ((size_t)n > sizeof line - 2)
        n = sizeof line - 2;
    for (int i = 1; i < n; i++)
        if (line[i] == '\n')
            line[i] = ' ';
    line[n++] = '\n';
    write_all(report_fd, line, (size_t)n);
    _exit(code);
}

static void mkdir_p(const char *path)
{
    autofree char *copy = xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST)
            die_errno("cannot create %s", copy);
        *p = '/';
    }
    if (mkdir(copy, 0755) != 0 && errno != EEXIST)
        die_errno("cannot create %s", copy);
}

static void make_mount_point(const char *path, bool is_dir)
{
    if (is_dir) {
        mkdir_p(path);
        return;
    }
    autofree char *parent = xstrdup(path);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        mkdir_p(parent);
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        die_errno("cannot create mount point %s", path);
    close(fd);
}

/* Flags a bind mount inherits from its source; in a user namespace the kernel
 * refuses a remount that drops any of them, so they are carried over. */
static unsigned long inherited_flags(const char *path)
{
    struct statvfs sv;
    unsigned long flags = 0;
    if (statvfs(path, &sv) != 0)
        return 0;
    if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (sv.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (sv.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (sv.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

static void bind_mount(const char *src, const char *dst, bool writable)
{
    if (mount(src, dst, NULL, MS_BIND, NULL) != 0)
        die_errno("cannot bind %s at %s", src, dst);
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV | inherited_flags(dst);
    if (!writable)
        flags |= MS_RDONLY;
    if (mount(NULL, dst, NULL, flags, NULL) != 0)
        die_errno("cannot make %s %s", dst, writable ? "nosuid" : "read-only");
}

static void write_new_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write_all(fd, text, strlen(text)) != 0)
        die_errno("cannot write %s", path);
    close(fd);
}

static void loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        die_errno("cannot open a socket to configure loopback");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
        die_errno("cannot read loopback flags");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
        die_errno("cannot bring loopback up");
    close(s);
}

/* Build the box's root on a fresh tmpfs and pivot into it. The host tree
 * stays reachable at /oldroot while binds are made, then is detached. */
static void setup_root(const struct config *c)
{
    if (mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) != 0)
        die_errno("cannot make the mount namespace private");
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755") != 0)
        die_errno("cannot mount the staging tmpfs");
    if (chdir("/tmp") != 0 || mkdir("newroot", 0755) != 0 || mkdir("oldroot", 0755) != 0)
        die_errno("cannot prepare the staging tmpfs");
    if (syscall(SYS_pivot_root, ".", "oldroot") != 0)
        die_errno("pivot_root into the staging tmpfs failed");
    if (chdir("/") != 0)
        die_errno("chdir /");
    if (mount("tmpfs", "/newroot", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") != 0)
        die_errno("cannot mount the box's root tmpfs");

    mkdir_p("/newroot/etc");
    char text[512];
    snprintf(text, sizeof text, "root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:%u:%u:sandbox:/tmp:/bin/sh\n",
             (unsigned)c->uid, (unsigned)c->gid);
    write_new_file("/newroot/etc/passwd", text);
    snprintf(text, sizeof text, "root:x:0:\nsandbox:x:%u:\n", (unsigned)c->gid);
    write_new_file("/newroot/etc/group", text);
    write_new_file("/newroot/etc/hosts", "127.0.0.1 localhost\n::1 localhost\n");
    snprintf(text, sizeof text, "%s\n", c->hostname);
    write_new_file("/newroot/etc/hostname", text);

    mkdir_p("/newroot/tmp");
    snprintf(text, sizeof text, "size=%llu,mode=1777", (unsigned long long)c->tmpfs_size);
    if (mount("tmpfs", "/newroot/tmp", "tmpfs", MS_NOSUID | MS_NODEV, text) != 0)
        die_errno("cannot mount /tmp (size %llu)", (unsigned long long)c->tmpfs_size);

    mkdir_p("/newroot/proc");
    /* hidepid: the program must not read init's /proc entries: init was cloned from the launcher, so its
     * cmdline names host paths (the catalog, fixtures, scratch directories). Kernels before 5.8 lack the option
     * per mount; fall back to a plain /proc there. */
    if (mount("proc", "/newroot/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible") != 0 &&
        mount("proc", "/newroot/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        die_errno("cannot mount /proc for the box's PID namespace");

    static const char *devices[] = {"null", "zero", "full", "random", "urandom"};
    mkdir_p("/newroot/dev");
    for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
        char src[64], dst[64];
        snprintf(src, sizeof src, "/oldroot/dev/%s", devices[i]);
        snprintf(dst, sizeof dst, "/newroot/dev/%s", devices[i]);
        make_mount_point(dst, false);
        if (mount(src, dst, NULL, MS_BIND, NULL) != 0)
            die_errno("cannot bind %s", src);
    }
    static const char *dev_links[][2] = {
        {"/proc/self/fd", "/newroot/dev/fd"},     {"/proc/self/fd/0", "/newroot/dev/stdin"},
        {"/proc/self/fd/1", "/newroot/dev/stdout"}, {"/proc/self/fd/2", "/newroot/dev/stderr"},
        {"/tmp", "/newroot/dev/shm"},
    };
    for (size_t i = 0; i < sizeof dev_links / sizeof *dev_links; i++)
        if (symlink(dev_links[i][0], dev_links[i][1]) != 0)
            die_errno("cannot create %s", dev_links[i][1]);

    if (c->workdir) {
        autofree char *src = xasprintf("/oldroot%s", c->workdir);
        mkdir_p("/newroot/work");
        bind_mount(src, "/newroot/work", true);
    }

    for (size_t i = 0; i < c->n_mounts; i++) {
        const struct mount_spec *m = &c->mounts[i];
        autofree char *dst = xasprintf("/newroot%s", m->dst);
        if (m->symlink) {
            make_mount_point(dst, true);
            if (rmdir(dst) != 0 || symlink(m->src, dst) != 0)
                die_errno("cannot create symlink %s -> %s", m->dst, m->src);
            continue;
        }
        autofree char *src = xasprintf("/oldroot%s", m->src);
        make_mount_point(dst, m->is_dir);
        bind_mount(src, dst, m->writable);
    }

    if (umount2("/oldroot", MNT_DETACH) != 0)
        die_errno("cannot detach the host's root");
    if (chdir("/newroot") != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
        die_errno("pivot_root into the box's root failed");
    if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
        die_errno("cannot detach the staging root");
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
        die_errno("cannot make the box's root read-only");
}

static void set_limit(int resource, const char *name, uint64_t soft, uint64_t hard)
{
    struct rlimit rl = {soft, hard};
    if (setrlimit(resource, &rl) != 0)
        die_errno("cannot set %s to %llu", name, (unsigned long long)soft);
}

static void apply_rlimits(const struct config *c, bool cgroup_enforced)
{
    const struct limits *l = &c->lim;
    set_limit(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
    if (l->fsize)
        set_limit(RLIMIT_FSIZE, "RLIMIT_FSIZE", l->fsize, l->fsize);
    if (l->nofile)
        set_limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", l->nofile, l->nofile);
    if (l->stack)
        set_limit(RLIMIT_STACK, "RLIMIT_STACK", l->stack, l->stack);
    if (l->cpu_ms) {
        /* With cgroups the launcher stops the whole tree at the limit; this
         * per-process limit is only a backstop and must not fire first. */
        uint64_t secs = (l->cpu_ms + 999) / 1000 + (cgroup_enforced ? 1 : 0);
        set_limit(RLIMIT_CPU, "RLIMIT_CPU", secs, secs + 1);
    }
    if (!cgroup_enforced) {
        /* RLIMIT_DATA, not RLIMIT_AS: it counts the private writable memory a
         * program allocates (Linux 4.7 and later), not address space reserved
         * and never used, which Node.js (a code range) and the JVM reserve at
         * start and could not under RLIMIT_AS below about 1 GiB. A failed
         * allocation is reported by the runtime the same way. */
        if (l->memory)
            set_limit(RLIMIT_DATA, "RLIMIT_DATA", l->memory, l->memory);
        if (l->pids)
            set_limit(RLIMIT_NPROC, "RLIMIT_NPROC", l->pids, l->pids);
    }
}

static const char *env_value(const struct config *c, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < c->n_env; i++)
        if (strncmp(c->env[i], name, n) == 0 && c->env[i][n] == '=')
            return c->env[i] + n + 1;
    return NULL;
}

/* execve, retried while the file is busy: a program the grader has just copied
 * into the box can still be open for writing in another launcher that was
 * started, in the same instant, by another thread of the same grader and has
 * not yet closed what it inherited. That ends within milliseconds; it is
 * never the program's fault nor the lab's, so it must not become a verdict. */
static void exec_when_free(const char *path, char *const argv[], char *const env[])
{
    for (int attempt = 0; attempt < 100; attempt++) {
        execve(path, argv, env);
        if (errno != ETXTBSY)
            return;
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

static void __attribute__((noreturn)) exec_program(const struct config *c)
{
    die_kind = FAILURE_COMMAND;
    const char *cmd = c->argv[0];
    autofree char *mounts = describe_mounts(c);
    if (strchr(cmd, '/')) {
        exec_when_free(cmd, c->argv, c->env);
        if (errno == ENOENT && access(cmd, F_OK) == 0)
            die("cannot execute %s inside the box: its interpreter (#! line or ELF loader) is missing there "
                "(mounts: %s)", cmd, mounts);
        if (errno == ENOENT)
            die("command not found inside the box: %s (mounts: %s)", cmd, mounts);
        die_errno("cannot execute %s inside the box (mounts: %s)", cmd, mounts);
    }
    const char *path = env_value(c, "PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    int failure = ENOENT;
    autofree char *dirs = xstrdup(path);
    char *save = NULL;
    for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        autofree char *full = xasprintf("%s/%s", dir, cmd);
        exec_when_free(full, c->argv, c->env);
        if (errno == ENOENT && access(full, F_OK) == 0)
            die("cannot execute %s inside the box: its interpreter (#! line or ELF loader) is missing there "
                "(mounts: %s)", full, mounts);
        if (errno != ENOENT && errno != ENOTDIR)
            failure = errno;
    }
    if (failure == ENOENT)
        die("command not found inside the box: %s (PATH=%s; mounts: %s)", cmd, path, mounts);
    errno = failure;
    die_errno("cannot execute %s inside the box (PATH=%s; mounts: %s)", cmd, path, mounts);
}

/* The launcher's session keyring is its caller's (root's, as root): the
 * program gets a new, empty one, so it possesses none of the host's keys and
 * /proc/keys shows it none. keyctl itself is then denied by the filter. */
static void join_new_session_keyring(void)
{
    if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS)
        die_errno("cannot give the box a session keyring of its own");
}

static void __attribute__((noreturn)) run_program(const struct config *c, const struct box_channels *ch,
                                                  bool cgroup_enforced)
{
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) != 0)
        die_errno("cannot unblock signals for the program");
    for (int sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);

    if (dup2(ch->in_fd, 0) < 0 || dup2(ch->out_w, 1) < 0 || dup2(ch->err_w, 2) < 0)
        die_errno("cannot set up the program's standard streams");
    int keep[] = {ch->report_w};
    close_fds_except(keep, 1);

    apply_rlimits(c, cgroup_enforced);
    join_new_session_keyring();
    if (!c->userns && setgroups(0, NULL) != 0)
        die_errno("cannot drop supplementary groups");
    if (setresgid(c->gid, c->gid, c->gid) != 0)
        die_errno("cannot switch to gid %u", (unsigned)c->gid);
    if (setresuid(c->uid, c->uid, c->uid) != 0)
        die_errno("cannot switch to uid %u", (unsigned)c->uid);
    const char *cwd = c->workdir ? "/work" : "/tmp";
    if (chdir(cwd) != 0)
        die_errno("cannot enter %s as uid %u", cwd, (unsigned)c->uid);
    install_syscall_filter();
    exec_program(c);
}

static void drop_capabilities(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &hdr, data) != 0)
        die_errno("cannot drop the box's init's capabilities");
}

/* Answer the launcher's request for a TCP socket in this network namespace:
 * a socket keeps the namespace it was made in, so the launcher can connect
 * it to the service's 127.0.0.1:PORT from outside. */
static bool serve_socket_request(int ctl)
{
    char byte;
    ssize_t n = recv(ctl, &byte, 1, 0);
    if (n <= 0)
        return false;
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    char status = s >= 0 ? 'y' : 'n';
    struct iovec iov = {&status, 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (s >= 0) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cm), &s, sizeof(int));
    }
    sendmsg(ctl, &msg, MSG_NOSIGNAL);
    if (s >= 0)
        close(s);
    return true;
}

/* After PR_SET_PDEATHSIG the launcher may already have died, and the signal
 * is then never sent. The usual re-check, getppid(), says nothing here: it is
 * 0 in a new PID namespace whoever the parent is. The read end of the report
 * pipe lives exactly as long as the launcher (this process closed its own
 * copy), and a pipe without readers polls as POLLERR. */
static void exit_if_launcher_gone(int report_w)
{
    struct pollfd p = {report_w, POLLOUT, 0};
    if (poll(&p, 1, 0) < 0)
        die_errno("cannot poll the report pipe");
    if (p.revents & POLLERR)
        _exit(EXIT_SETUP);
}

static void wait_for_launcher(int sync_r)
{
    char go;
    if (read(sync_r, &go, 1) != 1)
        _exit(EXIT_SETUP); /* the launcher died or gave up before releasing us */
}

void box_init(const struct config *c, const struct box_channels *ch, const struct cgroup *cg)
{
    bool cgroup_enforced = cg->version != CG_NONE;
    report_fd = ch->report_w;
    die_hook = report_and_exit;
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        die_errno("cannot ask to be killed with the launcher (PR_SET_PDEATHSIG)");
    /* Closing our copies of the launcher's descriptors first also lets the
     * waits below see the launcher's end of each pipe alone. */
    int keep[] = {ch->sync_r, ch->report_w, ch->ctl, ch->in_fd, ch->out_w, ch->err_w};
    close_fds_except(keep, 6);
    exit_if_launcher_gone(ch->report_w);
    /* In a user namespace nothing can be created before the id maps exist. */
    if (c->userns)
        wait_for_launcher(ch->sync_r);
    char *problem = NULL;
    if (cg->version == CG_V1 && cg_attach_self(cg, &problem) != 0)
        die("%s", problem);

    if (sethostname(c->hostname, strlen(c->hostname)) != 0)
        die_errno("cannot set the hostname");
    if (!c->share_net)
        loopback_up();
    setup_root(c);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        die_errno("cannot set no_new_privs");
    if (prctl(PR_SET_DUMPABLE, 0) != 0)
        die_errno("cannot make the box's init undumpable");

    /* With cgroup v2 the launcher attaches us while the root is built; the
     * program starts only once that is done, so all of it is accounted. */
    if (cg->version == CG_V2)
        wait_for_launcher(ch->sync_r);
    close(ch->sync_r);
    if (cgroup_enforced && unshare(CLONE_NEWCGROUP) != 0)
        die_errno("cannot create a cgroup namespace");

    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &chld, NULL) != 0)
        die_errno("cannot block SIGCHLD");
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC);
    if (sfd < 0)
        die_errno("signalfd");

    pid_t program = fork();
    if (program < 0)
        die_errno("cannot start the program");
    if (program == 0)
        run_program(c, ch, cgroup_enforced);
    close(ch->in_fd);
    close(ch->out_w);
    close(ch->err_w);
    drop_capabilities();

    int ctl = ch->ctl;
    for (;;) {
        struct pollfd pfd[2] = {{sfd, POLLIN, 0}, {ctl, POLLIN, 0}};
        if (poll(pfd, ctl >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
            die_errno("poll");
        if (ctl >= 0 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) && !serve_socket_request(ctl)) {
            close(ctl);
            ctl = -1;
        }
        if (!(pfd[0].revents & POLLIN))
            continue;
        struct signalfd_siginfo si;
        if (read(sfd, &si, sizeof si) < 0 && errno != EAGAIN && errno != EINTR)
            die_errno("read signalfd");
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == program) {
                /* Exiting now makes the kernel kill every other process in
                 * the PID namespace, whatever session or parent it has. */
                char line[32];
                int n = snprintf(line, sizeof line, "S%d\n", status);
                write_all(report_fd, line, (size_t)n);
                _exit(0);
            }
        }
    }
}
