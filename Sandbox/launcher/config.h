/* What the launcher was asked to do, parsed from its command line. */
#ifndef LADDER_SANDBOX_CONFIG_H
#define LADDER_SANDBOX_CONFIG_H

#include "util.h"
#include <sys/types.h>

struct mount_spec {
    char *src;       /* canonical host path (realpath), or the link target for symlinks */
    char *dst;       /* absolute path inside the box */
    bool writable;
    bool symlink;    /* recreate a host symlink (merged /usr: /bin -> usr/bin) instead of binding */
    bool is_dir;
};

/* A limit of 0 means "not set". */
struct limits {
    uint64_t wall_ms, cpu_ms, memory, pids, output, fsize, nofile, stack;
};

struct config {
    struct mount_spec *mounts;
    size_t n_mounts;
    char *workdir;          /* canonical host path bound writable at /work, or NULL */
    uint64_t tmpfs_size;
    char **env;             /* NULL-terminated, only what --setenv named */
    size_t n_env;
    struct limits lim;
    char *stdin_path, *stdout_path, *stderr_path;
    bool stdin_open;        /* stdin is an empty pipe the launcher holds open until the run ends */
    int status_fd;
    uid_t uid;
    gid_t gid;
    bool no_cgroup;
    bool userns;            /* not root: a user namespace maps uid to ourselves */
    bool share_net;         /* stay in the host's network namespace (no loopback of its own) */
    char *forward_path;
    int forward_port;
    char *hostname;
    char *cpu_group;        /* --claim-cpu GROUP, or NULL: see placement.h */
    char **argv;
};

/* Comma-separated list of what is mounted inside, for error messages. */
char *describe_mounts(const struct config *c);

#endif
