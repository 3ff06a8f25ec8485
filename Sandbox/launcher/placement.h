/* --cpu-claims DIR: boxes that run side by side each get a core of their own.
 *
 * Every launcher given the same DIR claims one of its allowed CPUs there (an flock on DIR/cpuN, held until it exits,
 * however it exits), the lowest one nobody holds. When another CPU is claimed at that moment, so that boxes are
 * running side by side, the launcher and its box are pinned to the claimed CPU: a box then never waits behind a
 * sibling on one core while the other core idles, and what it wakes (a service answering a request) runs where it
 * ran before. A box that starts alone, or finds every CPU claimed, is not pinned and the scheduler places it as
 * usual. Placement is only a matter of speed: whatever fails here leaves the box unpinned, never unstarted. */
#ifndef LADDER_SANDBOX_PLACEMENT_H
#define LADDER_SANDBOX_PLACEMENT_H

#include "util.h"

/* Claims a CPU in dir and pins this process to it when others are claimed too; returns the CPU pinned to, or -1. */
int place_on_free_cpu(const char *dir);

#endif
