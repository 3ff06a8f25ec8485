#define _GNU_SOURCE
#include "CLadderSandbox.h"

#include <sys/syscall.h>
#include <unistd.h>

int ladder_pidfd_open(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

int ladder_pidfd_send_signal(int pidfd, int signal)
{
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}
