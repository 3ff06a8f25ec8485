/* The system call filter a box's program runs under: a deny-list in classic
 * BPF, installed by the program's process just before it execs the command
 * (no_new_privs is already set), so none of the launcher's own setup is
 * filtered. docs/threat-model.md says what is denied and why. */
#ifndef LADDER_SANDBOX_SECCOMP_H
#define LADDER_SANDBOX_SECCOMP_H

/* Install the filter on the calling thread; dies if the kernel refuses it. */
void install_syscall_filter(void);

#endif
