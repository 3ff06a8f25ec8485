/* Linux system calls the Swift Glibc overlay does not offer (glibc's own wrappers are too new to rely on). */
#ifndef CLADDER_SANDBOX_H
#define CLADDER_SANDBOX_H

#include <sys/types.h>

/* pidfd_open(2): a descriptor naming this process and no other, even after its pid is reaped and reused.
 * Returns the descriptor (close-on-exec), or -1 with errno set. */
int ladder_pidfd_open(pid_t pid);

/* pidfd_send_signal(2): returns 0, or -1 with errno set (ESRCH once the process has ended). */
int ladder_pidfd_send_signal(int pidfd, int signal);

#endif
