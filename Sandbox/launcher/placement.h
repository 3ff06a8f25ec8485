/* --claim-cpu GROUP: boxes that run side by side each get a core of their own.
 *
 * Every launcher run with --claim-cpu GROUP claims the lowest of its allowed CPUs that no other launcher of the same
 * user and GROUP holds: it binds the abstract Unix socket "GROUP-UID-cpuN" in the host's network namespace, a name the
 * kernel lets one socket hold at a time and frees when the launcher exits, however it exits, leaving no file behind.
 * When another CPU is claimed at that moment, so that boxes are running side by side, the launcher and its box are
 * pinned to the claimed CPU: a box then never waits behind a sibling on one core while the other core idles, and what it wakes (a
 * service answering a request) runs where it ran before. A box that starts alone, or finds every CPU claimed, is not
 * pinned and the scheduler places it as usual. Placement is only a matter of speed: whatever fails here (a name
 * another program holds included) leaves the box unpinned, never unstarted. */
#ifndef LADDER_SANDBOX_PLACEMENT_H
#define LADDER_SANDBOX_PLACEMENT_H

#include "util.h"

/* Claims a free CPU and pins this process to it when others are claimed too; returns the CPU pinned to, or -1. */
int place_on_free_cpu(const char *group);

#endif
