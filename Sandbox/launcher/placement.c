#include "placement.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>

/* The claim's descriptor: never closed, so the claim ends only with this process. */
static int claim_fd = -1;

/* A descriptor on dir's claim file for cpu, or -1. */
static int open_claim(int dir_fd, int cpu)
{
    char name[32];
    snprintf(name, sizeof name, "cpu%d", cpu);
    return openat(dir_fd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
}

/* Whether someone else holds cpu's claim: a lock taken here for a moment and given back at once. */
static bool claimed_by_another(int dir_fd, int cpu)
{
    int fd = open_claim(dir_fd, cpu);
    if (fd < 0)
        return false;
    bool held = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd); /* gives back the lock if it was taken */
    return held;
}

int place_on_free_cpu(const char *dir)
{
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2)
        return -1;
    /* Only a directory of our own, which no other user can fill with claims or links. */
    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd < 0)
        return -1;
    struct stat st;
    if (fstat(dir_fd, &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 022) != 0) {
        close(dir_fd);
        return -1;
    }
    int mine = -1;
    bool others = false;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed))
            continue;
        if (mine >= 0) {
            /* Claimed already: is any box running beside ours? */
            if (!others)
                others = claimed_by_another(dir_fd, cpu);
            continue;
        }
        int fd = open_claim(dir_fd, cpu);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            mine = cpu;
            claim_fd = fd;
        } else {
            others = others || errno == EWOULDBLOCK;
            close(fd);
        }
    }
    close(dir_fd);
    if (mine < 0 || !others)
        return -1;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(mine, &one);
    return sched_setaffinity(0, sizeof one, &one) == 0 ? mine : -1;
}
