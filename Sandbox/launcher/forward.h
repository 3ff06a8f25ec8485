/* --forward SOCKPATH=PORT: connections accepted on a host Unix socket are
 * relayed to 127.0.0.1:PORT inside the box's own network namespace. A connection made before the service first
 * listens waits for it (retried every millisecond while its client stays), so no client needs to poll for it. */
#ifndef LADDER_SANDBOX_FORWARD_H
#define LADDER_SANDBOX_FORWARD_H

#include "util.h"
#include <poll.h>

/* Create the listening socket (before the box starts, so early clients queue). */
void forward_listen(const char *path);
/* Start relaying; ctl is the launcher's end of the socketpair to the box's init. */
void forward_start(int ctl, int port);
/* Append this module's descriptors to pfd; returns how many were added. */
size_t forward_pollfds(struct pollfd *pfd, size_t room);
/* Handle the events for the descriptors added by the last forward_pollfds. */
void forward_handle(const struct pollfd *pfd);
/* How long until a connection waiting for the service to listen tries again, in ns from now; -1 when none waits. */
int64_t forward_wait_ns(uint64_t now);
/* Close everything and remove the socket file. */
void forward_stop(void);

#define FORWARD_MAX_POLLFDS (1 + 2 * 32)

#endif
