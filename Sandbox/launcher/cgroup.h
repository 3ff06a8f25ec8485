/* The run's own cgroups: created per run under <controller root>/ladder/<run-id>
 * (for a user who is not root on cgroup v2: under <delegated cgroup>/ladder/<run-id>),
 * limits written, the box's init attached, read for the verdict, emptied and
 * removed at the end. Nothing else in the cgroup tree is ever written.
 *
 * A run holds an exclusive flock(2) on each of its directories from just
 * after making it until it has removed it. Another launcher removes a run
 * directory only when it can take that lock itself: the lock lives on the
 * directory's inode, so every launcher that can see the directory agrees on
 * it, whatever PID namespace, mount namespace or container it runs in, and
 * the kernel drops it when its holder dies, even by SIGKILL. */
#ifndef LADDER_SANDBOX_CGROUP_H
#define LADDER_SANDBOX_CGROUP_H

#include "config.h"

enum cg_version { CG_NONE = 0, CG_V1, CG_V2 };

/* Run directories are named RUN_PREFIX<launcher pid>-<random>. Launchers
 * before the lock judged staleness by the pid in a name that starts with a
 * digit; they never touch these names, nor these launchers theirs until they
 * are long unused. */
#define CG_RUN_PREFIX "run-"

/* Rootless on cgroup v2: the leaf that the processes of a delegated cgroup
 * move into, so that the delegated cgroup may enable controllers for the
 * runs' parent beside it (cgroup v2 puts processes only in leaves). */
#define CG_SUPERVISOR "ladder-supervisor"

struct cgroup {
    enum cg_version version;
    char *memory, *pids, *cpu; /* v1: one directory per controller; v2: all the same directory */
    int lock[3];               /* the held flock of each directory (v2: lock[0] only); -1 when none */
};

/* Which cgroup version this machine offers with the controllers the box needs
 * (memory, pids, cpu accounting). On CG_NONE, *problem says what is missing. */
enum cg_version cg_detect(char **problem);
const char *cg_version_name(enum cg_version v);
/* Controllers found for the detected version, comma separated. */
char *cg_controllers(enum cg_version v);

/* cg_create's result when a directory it had just made was removed before its
 * limits were written: the machine's failure, never a reason to fall back to
 * rlimits (which count every process of the box's uid on the machine). */
#define CG_CREATE_VANISHED (-2)
/* Create the run's cgroups and write the limits. Returns 0, or -1 or
 * CG_CREATE_VANISHED with *problem set (and nothing left behind). */
int cg_create(struct cgroup *cg, enum cg_version v, const char *run_id, const struct limits *lim, char **problem);
int cg_attach(const struct cgroup *cg, pid_t pid, char **problem);
/* cgroup v1 only: move the calling single-threaded process into the run's
 * cgroups through each `tasks` file. A thread moving itself skips the global
 * threadgroup lock, whose first writer waits for an RCU grace period
 * (several milliseconds), which writing another pid to cgroup.procs pays. */
int cg_attach_self(const struct cgroup *cg, char **problem);

/* The path of the first run directory that no longer exists, or NULL: a
 * directory removed under a live run (by a launcher or a person that ignored
 * its lock) leaves its accounting unreadable. */
const char *cg_vanished(const struct cgroup *cg);

bool cg_cpu_ns(const struct cgroup *cg, uint64_t *ns);
bool cg_peak_memory(const struct cgroup *cg, uint64_t *bytes);
uint64_t cg_oom_kills(const struct cgroup *cg);
uint64_t cg_pids_denied(const struct cgroup *cg);

/* Kill whatever is still in the cgroups, wait for them to be empty, remove them. */
void cg_destroy(struct cgroup *cg);

#endif
