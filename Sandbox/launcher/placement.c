#include "placement.h"

#include <errno.h>
#include <stddef.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

/* The bound socket that is the claim: never closed, so the claim ends only with this process. */
static int claim_fd = -1;

/* A socket bound to cpu's claim name, or -1 (with errno EADDRINUSE when another process holds the claim). */
static int bind_claim(const char *group, int cpu)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    /* sun_path[0] stays 0: an abstract name, which no file backs. */
    int len = snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "%s-%u-cpu%d", group, (unsigned)geteuid(), cpu);
    if (len < 0 || (size_t)len >= sizeof addr.sun_path - 1) {
        close(fd);
        errno = ENAMETOOLONG;
        return -1;
    }
    socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)len);
    if (bind(fd, (struct sockaddr *)&addr, size) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int place_on_free_cpu(const char *group)
{
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2)
        return -1;
    int mine = -1;
    bool others = false;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed))
            continue;
        int fd = bind_claim(group, cpu);
        bool held = fd < 0 && errno == EADDRINUSE;
        if (mine < 0 && fd >= 0) {
            mine = cpu;
            claim_fd = fd;
            continue;
        }
        if (fd >= 0)
            close(fd); /* not claimed by anyone: the name was ours for a moment only */
        others = others || held;
        if (mine >= 0 && others)
            break;
    }
    if (mine < 0 || !others)
        return -1;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(mine, &one);
    return sched_setaffinity(0, sizeof one, &one) == 0 ? mine : -1;
}
