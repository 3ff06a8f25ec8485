/* The inside of the box: PID 1 of the new namespaces builds the root,
 * starts the program as PID 2, reaps everything and reports PID 2's end. */
#ifndef LADDER_SANDBOX_BOX_H
#define LADDER_SANDBOX_BOX_H

#include "cgroup.h"
#include "config.h"

/* Descriptors the box's init keeps from the launcher. */
struct box_channels {
    int sync_r;   /* the launcher writes a byte after the id maps (user namespace) and after attaching us (cgroup v2) */
    int report_w; /* records to the launcher: "S<wait status>\n" or "E<message>\n" */
    int ctl;      /* SOCK_SEQPACKET: the launcher asks for TCP sockets made in the box's netns; -1 if unused */
    int in_fd, out_w, err_w; /* the program's stdin, stdout, stderr */
};

/* cg: the run's cgroups (version CG_NONE when limits fall back to rlimits);
 * with cgroup v1 the box's init moves itself into them. */
void box_init(const struct config *c, const struct box_channels *ch, const struct cgroup *cg) __attribute__((noreturn));

#endif
