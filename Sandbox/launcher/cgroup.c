#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define CGROUP_ROOT "/sys/fs/cgroup"
#define CGROUP_PARENT "ladder"
#define CGROUP1_MAGIC 0x27e0eb
#define CGROUP2_MAGIC 0x63677270

static const char *v1_controllers[] = {"memory", "pids", "cpuacct"};

static bool is_fs(const char *path, long magic)
{
    struct statfs st;
    return statfs(path, &st) == 0 && st.f_type == magic;
}

static bool word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ' || p[-1] == '\n') && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

enum cg_version cg_detect(char **problem)
{
    if (is_fs(CGROUP_ROOT, CGROUP2_MAGIC)) {
        autofree char *controllers = read_file(CGROUP_ROOT "/cgroup.controllers");
        autofree char *enabled = read_file(CGROUP_ROOT "/cgroup.subtree_control");
        if (controllers && word_in(controllers, "memory") && word_in(controllers, "pids")) {
            if (enabled && word_in(enabled, "memory") && word_in(enabled, "pids"))
                return CG_V2;
            *problem = xasprintf("cgroup v2 is mounted but memory and pids are not enabled in "
                                 CGROUP_ROOT "/cgroup.subtree_control (the machine's init system must delegate them)");
            return CG_NONE;
        }
        *problem = xasprintf("cgroup v2 is mounted at " CGROUP_ROOT " without the memory and pids controllers");
        return CG_NONE;
    }
    for (size_t i = 0; i < sizeof v1_controllers / sizeof *v1_controllers; i++) {
        autofree char *path = xasprintf(CGROUP_ROOT "/%s", v1_controllers[i]);
        if (!is_fs(path, CGROUP1_MAGIC)) {
            *problem = xasprintf("no cgroup v2 with controllers and no cgroup v1 %s hierarchy at %s",
                                 v1_controllers[i], path);
            return CG_NONE;
        }
    }
    return CG_V1;
}

const char *cg_version_name(enum cg_version v)
{
    return v == CG_V2 ? "cgroup-v2" : v == CG_V1 ? "cgroup-v1" : "rlimit";
}

char *cg_controllers(enum cg_version v)
{
    if (v == CG_V1)
        return xstrdup("memory,pids,cpuacct");
    if (v == CG_V2) {
        autofree char *c = read_file(CGROUP_ROOT "/cgroup.controllers");
        if (!c)
            return xstrdup("");
        for (char *p = c; *p; p++)
            if (*p == ' ')
                *p = ',';
            else if (*p == '\n')
                *p = '\0';
        return xstrdup(c);
    }
    return xstrdup("");
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    return -errno;
}

static void remove_dir(const char *path)
{
    if (!path)
        return;
    for (int i = 0; i < 200; i++) {
        if (rmdir(path) == 0 || errno == ENOENT)
            return;
        if (errno != EBUSY)
            break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    add_warning("could not remove cgroup %s: %s", path, strerror(errno));
}

static int set_limit(const char *dir, const char *file, uint64_t value, bool optional, char **problem)
{
    autofree char *path = xasprintf("%s/%s", dir, file);
    char text[32];
    snprintf(text, sizeof text, "%llu", (unsigned long long)value);
    int err = write_file(path, text);
    if (err == -ENOENT && optional)
        return 0;
    if (err) {
        *problem = xasprintf("cannot write %s to %s: %s", text, path, strerror(-err));
        return -1;
    }
    return 0;
}

/* Names of run directories made by launchers before the lock: "<pid>-<random>"
 * and "probe-<pid>". Nothing tells whether their owner lives, so they are
 * removed only when unlocked and older than any run's setup or teardown. */
#define LEGACY_STALE_SECONDS 600

static bool is_legacy_run_name(const char *name)
{
    if (strncmp(name, "probe-", 6) == 0)
        name += 6;
    return name[0] >= '0' && name[0] <= '9';
}

/* A launcher killed with SIGKILL cannot remove its cgroups (its box dies with
 * it through PR_SET_PDEATHSIG, which empties them). A run directory whose
 * lock we can take has no live owner; rmdir removes it only if it is empty. */
static void sweep_stale(const char *parent)
{
    DIR *dir = opendir(parent);
    if (!dir)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(dir))) {
        bool locked_kind = strncmp(e->d_name, CG_RUN_PREFIX, strlen(CG_RUN_PREFIX)) == 0;
        if (e->d_type != DT_DIR || (!locked_kind && !is_legacy_run_name(e->d_name)))
            continue;
        int fd = openat(dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            (locked_kind || (fstat(fd, &st) == 0 && now - st.st_mtime > LEGACY_STALE_SECONDS)))
            unlinkat(dirfd(dir), e->d_name, AT_REMOVEDIR);
        close(fd);
    }
    closedir(dir);
}

/* Make a run directory and take its lock. Between mkdir and flock the new
 * directory is unlocked, so another launcher's sweep may remove it; the lock
 * is then held on a removed inode, and the directory is made again. */
static int make_locked_dir(const char *dir, int *lock)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        if (mkdir(dir, 0755) != 0)
            return -errno;
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT)
            continue;
        if (fd < 0)
            return -errno;
        int rc;
        while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (rc != 0) {
            int err = -errno;
            close(fd);
            rmdir(dir);
            return err;
        }
        struct stat held, named;
        if (fstat(fd, &held) == 0 && stat(dir, &named) == 0 && held.st_ino == named.st_ino &&
            held.st_dev == named.st_dev) {
            *lock = fd;
            return 0;
        }
        close(fd);
    }
    return -EAGAIN;
}

/* The directory at path is no longer the one whose lock we hold. */
static bool replaced(const char *path, int lock)
{
    struct stat held, named;
    if (lock < 0 || fstat(lock, &held) != 0)
        return false;
    return stat(path, &named) != 0 || held.st_ino != named.st_ino || held.st_dev != named.st_dev;
}

const char *cg_vanished(const struct cgroup *cg)
{
    const char *dirs[] = {cg->memory, cg->pids, cg->cpu};
    size_t n = cg->version == CG_V2 ? 1 : cg->version == CG_V1 ? 3 : 0;
    for (size_t i = 0; i < n; i++)
        if (replaced(dirs[i], cg->lock[i]))
            return dirs[i];
    return NULL;
}

/* Writing into a removed cgroup fails with ENOENT or ENODEV. (The box's init
 * cannot compare inodes: it has closed the launcher's locks.) */
static char *attach_problem(const char *path, int err)
{
    if (err == -ENOENT || err == -ENODEV)
        return xasprintf("the run's cgroup %s vanished before the box could join it: something removed it while "
                         "its launcher held its lock (%s)", path, strerror(-err));
    return xasprintf("cannot move the box into %s: %s", path, strerror(-err));
}

/* Write "+memory +pids" to dir's cgroup.subtree_control unless both are on. */
static int enable_controllers(const char *dir, char **problem)
{
    autofree char *path = xasprintf("%s/cgroup.subtree_control", dir);
    autofree char *enabled = read_file(path);
    if (enabled && word_in(enabled, "memory") && word_in(enabled, "pids"))
        return 0;
    int err = write_file(path, "+memory +pids");
    if (err) {
        *problem = xasprintf("cannot enable memory and pids in %s: %s%s", path, strerror(-err),
                             err == -EBUSY ? " (processes are still in that cgroup)" : "");
        return -1;
    }
    return 0;
}

/* This process's cgroup v2 path, from the "0::PATH" line of /proc/self/cgroup. */
static char *own_v2_path(void)
{
    autofree char *text = read_file("/proc/self/cgroup");
    if (!text)
        return NULL;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strncmp(line, "0::/", 4) == 0)
            return xstrdup(line + 3);
        line = next;
    }
    return NULL;
}

/* Move every process listed in from/cgroup.procs into to/cgroup.procs. Moving
 * within a subtree delegated to this user needs only write access to the
 * subtree's root, which the caller checked. */
static int move_members(const char *from, const char *to, char **problem)
{
    autofree char *source = xasprintf("%s/cgroup.procs", from);
    autofree char *target = xasprintf("%s/cgroup.procs", to);
    for (int pass = 0; pass < 50; pass++) {
        autofree char *procs = read_file(source);
        if (!procs) {
            *problem = xasprintf("cannot read %s: %s", source, strerror(errno));
            return -1;
        }
        if (!*procs)
            return 0;
        for (char *p = procs; *p;) {
            char *end;
            long pid = strtol(p, &end, 10);
            if (end == p)
                break;
            char text[32];
            snprintf(text, sizeof text, "%ld", pid);
            int err = write_file(target, text);
            /* ESRCH: the process exited meanwhile. */
            if (err && err != -ESRCH) {
                *problem = xasprintf("cannot move process %ld from %s to %s: %s", pid, from, to, strerror(-err));
                return -1;
            }
            p = end;
            while (*p == '\n')
                p++;
        }
    }
    *problem = xasprintf("processes kept appearing in %s while moving them to %s", from, to);
    return -1;
}

/* Where this launcher makes its "ladder" parent on cgroup v2. Root: the
 * hierarchy's root. Anyone else: the cgroup it runs in, when that cgroup is
 * delegated to it (a systemd user session's `systemd-run --user --scope -p
 * Delegate=yes`): its cgroup.procs and cgroup.subtree_control are writable and
 * it offers memory and pids. A v2 cgroup that enables controllers for its
 * children may hold no process itself, so the first launcher moves every
 * process of that cgroup (itself, ladder, the shell of the scope) into a leaf
 * BASE/ladder-supervisor before enabling them; later launchers start there
 * and take its parent as the base. */
static char *v2_base(char **problem)
{
    if (geteuid() == 0)
        return xstrdup(CGROUP_ROOT);
    autofree char *own = own_v2_path();
    if (!own) {
        *problem = xstrdup("not root, and /proc/self/cgroup names no cgroup v2 path for this process");
        return NULL;
    }
    size_t n = strlen(own), m = strlen("/" CG_SUPERVISOR);
    if (n >= m && strcmp(own + n - m, "/" CG_SUPERVISOR) == 0)
        own[n - m] = '\0';
    char *base = xasprintf(CGROUP_ROOT "%s", own);
    autofree char *procs = xasprintf("%s/cgroup.procs", base);
    autofree char *subtree = xasprintf("%s/cgroup.subtree_control", base);
    autofree char *offered_path = xasprintf("%s/cgroup.controllers", base);
    autofree char *offered = read_file(offered_path);
    if (access(procs, W_OK) != 0 || access(subtree, W_OK) != 0) {
        *problem = xasprintf("not root, and the cgroup this runs in (%s) is not delegated to this user: run Ladder "
                             "under `systemd-run --user --scope -p Delegate=yes`", base);
        free(base);
        return NULL;
    }
    if (!offered || !word_in(offered, "memory") || !word_in(offered, "pids")) {
        *problem = xasprintf("the cgroup delegated to this user (%s) does not offer the memory and pids controllers "
                             "(its cgroup.controllers: %s)", base, offered ? offered : "unreadable");
        free(base);
        return NULL;
    }
    autofree char *enabled = read_file(subtree);
    if (enabled && word_in(enabled, "memory") && word_in(enabled, "pids"))
        return base;
    autofree char *supervisor = xasprintf("%s/" CG_SUPERVISOR, base);
    int err = make_dir(supervisor);
    if (err) {
        *problem = xasprintf("cannot create %s: %s", supervisor, strerror(-err));
        free(base);
        return NULL;
    }
    if (move_members(base, supervisor, problem) || enable_controllers(base, problem)) {
        free(base);
        return NULL;
    }
    return base;
}

/* Gives up a half-made run cgroup after a limit could not be written: -1 (fall
 * back) when the hierarchy refused it, CG_CREATE_VANISHED when one of its
 * directories was removed under the launcher's lock meanwhile. */
static int abandon(struct cgroup *cg, char **problem)
{
    const char *gone = cg_vanished(cg);
    int result = -1;
    if (gone) {
        free(*problem);
        *problem = xasprintf("the run's cgroup %s vanished while it was being set up: something removed it while "
                             "its launcher held its lock", gone);
        result = CG_CREATE_VANISHED;
    }
    cg_destroy(cg);
    return result;
}

int cg_create(struct cgroup *cg, enum cg_version v, const char *run_id, const struct limits *lim, char **problem)
{
    memset(cg, 0, sizeof *cg);
    cg->lock[0] = cg->lock[1] = cg->lock[2] = -1;
    int err;
    if (v == CG_V2) {
        autofree char *base = v2_base(problem);
        if (!base)
            return -1;
        autofree char *parent = xasprintf("%s/" CGROUP_PARENT, base);
        if ((err = make_dir(parent))) {
            *problem = xasprintf("cannot create %s: %s", parent, strerror(-err));
            return -1;
        }
        /* Only our own parent's subtree_control is written, and only once. */
        if (enable_controllers(parent, problem))
            return -1;
        sweep_stale(parent);
        char *dir = xasprintf("%s/%s", parent, run_id);
        if ((err = make_locked_dir(dir, &cg->lock[0]))) {
            *problem = xasprintf("cannot create %s: %s", dir, strerror(-err));
            free(dir);
            return -1;
        }
        cg->version = v;
        cg->memory = cg->pids = cg->cpu = dir;
        if ((lim->memory && (set_limit(dir, "memory.max", lim->memory, false, problem) ||
                             set_limit(dir, "memory.swap.max", 0, true, problem))) ||
            (lim->pids && set_limit(dir, "pids.max", lim->pids, false, problem))) {
            return abandon(cg, problem);
        }
        return 0;
    }
    if (v != CG_V1) {
        *problem = xstrdup("no usable cgroup hierarchy");
        return -1;
    }
    cg->version = v;
    char **slots[] = {&cg->memory, &cg->pids, &cg->cpu};
    for (size_t i = 0; i < 3; i++) {
        autofree char *parent = xasprintf(CGROUP_ROOT "/%s/" CGROUP_PARENT, v1_controllers[i]);
        char *dir = xasprintf("%s/%s", parent, run_id);
        if (!(err = make_dir(parent))) {
            sweep_stale(parent);
            err = make_locked_dir(dir, &cg->lock[i]);
        }
        if (err) {
            *problem = xasprintf("cannot create cgroup %s: %s", dir, strerror(-err));
            free(dir);
            cg_destroy(cg);
            return -1;
        }
        *slots[i] = dir;
    }
    if ((lim->memory && (set_limit(cg->memory, "memory.limit_in_bytes", lim->memory, false, problem) ||
                         set_limit(cg->memory, "memory.memsw.limit_in_bytes", lim->memory, true, problem))) ||
        (lim->pids && set_limit(cg->pids, "pids.max", lim->pids, false, problem))) {
        return abandon(cg, problem);
    }
    return 0;
}

int cg_attach(const struct cgroup *cg, pid_t pid, char **problem)
{
    char text[32];
    snprintf(text, sizeof text, "%d", (int)pid);
    const char *dirs[] = {cg->memory, cg->pids, cg->cpu};
    size_t n = cg->version == CG_V2 ? 1 : 3;
    for (size_t i = 0; i < n; i++) {
        autofree char *path = xasprintf("%s/cgroup.procs", dirs[i]);
        int err = write_file(path, text);
        if (err) {
            *problem = attach_problem(path, err);
            return -1;
        }
    }
    return 0;
}

int cg_attach_self(const struct cgroup *cg, char **problem)
{
    const char *dirs[] = {cg->memory, cg->pids, cg->cpu};
    for (size_t i = 0; i < 3; i++) {
        autofree char *path = xasprintf("%s/tasks", dirs[i]);
        int err = write_file(path, "0");
        if (err) {
            *problem = attach_problem(path, err);
            return -1;
        }
    }
    return 0;
}

bool cg_cpu_ns(const struct cgroup *cg, uint64_t *ns)
{
    if (cg->version == CG_V1) {
        autofree char *path = xasprintf("%s/cpuacct.usage", cg->cpu);
        return read_u64(path, ns) == 0;
    }
    if (cg->version == CG_V2) {
        autofree char *path = xasprintf("%s/cpu.stat", cg->cpu);
        uint64_t usec;
        if (read_keyed_u64(path, "usage_usec", &usec) != 0)
            return false;
        *ns = usec * 1000;
        return true;
    }
    return false;
}

bool cg_peak_memory(const struct cgroup *cg, uint64_t *bytes)
{
    if (cg->version == CG_NONE)
        return false;
    autofree char *path = xasprintf("%s/%s", cg->memory,
                                    cg->version == CG_V1 ? "memory.max_usage_in_bytes" : "memory.peak");
    return read_u64(path, bytes) == 0;
}

uint64_t cg_oom_kills(const struct cgroup *cg)
{
    uint64_t n = 0;
    if (cg->version == CG_NONE)
        return 0;
    autofree char *path = xasprintf("%s/%s", cg->memory,
                                    cg->version == CG_V1 ? "memory.oom_control" : "memory.events");
    read_keyed_u64(path, "oom_kill", &n);
    return n;
}

uint64_t cg_pids_denied(const struct cgroup *cg)
{
    uint64_t n = 0;
    if (cg->version == CG_NONE)
        return 0;
    autofree char *path = xasprintf("%s/pids.events", cg->pids);
    read_keyed_u64(path, "max", &n);
    return n;
}

/* SIGKILL everything listed in cgroup.procs until it stays empty; a process
 * forking while we read is caught on the next pass (the pids limit and the
 * dying PID namespace keep this short). */
static void kill_members(const char *dir)
{
    autofree char *path = xasprintf("%s/cgroup.procs", dir);
    for (int pass = 0; pass < 500; pass++) {
        autofree char *procs = read_file(path);
        if (!procs || !*procs)
            return;
        for (char *p = procs; *p;) {
            char *end;
            long pid = strtol(p, &end, 10);
            if (end == p)
                break;
            if (pid > 0)
                kill((pid_t)pid, SIGKILL);
            p = end;
            while (*p == '\n')
                p++;
        }
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    add_warning("processes were still in %s after repeated SIGKILL", dir);
}

void cg_destroy(struct cgroup *cg)
{
    if (cg->version == CG_V2 && cg->pids) {
        autofree char *kill_file = xasprintf("%s/cgroup.kill", cg->pids);
        write_file(kill_file, "1");
    }
    if (cg->pids)
        kill_members(cg->pids);
    /* Each lock is let go only once its directory is gone: until then the
     * directory is ours, even after its box has left it. */
    remove_dir(cg->memory);
    if (cg->version == CG_V1) {
        remove_dir(cg->pids);
        remove_dir(cg->cpu);
        free(cg->pids);
        free(cg->cpu);
    }
    free(cg->memory);
    for (size_t i = 0; i < 3; i++)
        if (cg->lock[i] >= 0)
            close(cg->lock[i]);
    memset(cg, 0, sizeof *cg);
    cg->lock[0] = cg->lock[1] = cg->lock[2] = -1;
}
