#include "seccomp.h"
#include "util.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
/* x32 programs run under AUDIT_ARCH_X86_64 with this bit set in the number. */
#define X32_SYSCALL_BIT 0x40000000u
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "the system call filter knows only x86_64 and aarch64: add this architecture's AUDIT_ARCH and check its numbers"
#endif

/* Linux 6.15; newer than the headers of the machines this is built on. The
 * number is the same on every architecture that uses the common table. */
#ifndef __NR_open_tree_attr
#define __NR_open_tree_attr 467
#endif

/* Denied with EPERM whatever their arguments. Why each is here is in
 * docs/threat-model.md; in short: */
static const unsigned int denied[] = {
    /* the kernel's keyrings: every box of a uid shares that uid's keyring, so
     * a key one run adds could be read by the next */
    __NR_add_key, __NR_keyctl, __NR_request_key,
    /* large kernel attack surfaces no program under test needs */
    __NR_bpf, __NR_userfaultfd, __NR_perf_event_open,
    __NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register,
    /* the kernel itself, the machine's clock, swap, accounting, quotas, its log */
    __NR_kexec_load, __NR_kexec_file_load, __NR_init_module, __NR_finit_module, __NR_delete_module,
    __NR_reboot, __NR_settimeofday, __NR_clock_settime, __NR_clock_adjtime, __NR_adjtimex,
    __NR_swapon, __NR_swapoff, __NR_acct, __NR_quotactl, __NR_quotactl_fd, __NR_syslog,
    /* the box's view of the file system */
    __NR_mount, __NR_umount2, __NR_pivot_root, __NR_move_mount, __NR_open_tree, __NR_open_tree_attr,
    __NR_fsopen, __NR_fsconfig, __NR_fsmount, __NR_fspick, __NR_mount_setattr,
    /* files by handle, which bypasses the paths a bind mount limits the box to */
    __NR_open_by_handle_at, __NR_name_to_handle_at,
    /* other processes and namespaces */
    __NR_ptrace, __NR_setns,
    /* obsolete interfaces kept only for old programs */
    __NR_lookup_dcookie, __NR_uselib, __NR__sysctl, __NR_nfsservctl,
#ifdef __NR_create_module
    __NR_create_module, __NR_get_kernel_syms, __NR_query_module,
#endif
#ifdef __NR_iopl
    /* the machine's I/O ports */
    __NR_iopl, __NR_ioperm,
#endif
};

/* personality(2) values that change nothing that matters: PER_LINUX,
 * PER_LINUX32, UNAME26 and their combination, and the query 0xffffffff. The
 * rest can turn off address-space randomisation or make data executable. */
static const unsigned int harmless_personalities[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};

/* Places a jump can go to; classic BPF jumps only forward, by an offset that
 * is known once every place is. NEXT is the following instruction. */
enum target { NEXT = -1, ALLOW, DENY, NO_CLONE3, CHECK_NEWUSER, CHECK_PERSONALITY, N_TARGETS };

struct insn {
    struct sock_filter f;
    int jt, jf; /* enum target; for BPF_JA, jt is where it goes */
};

struct program {
    struct insn insn[160];
    size_t n;
    size_t at[N_TARGETS];
};

static void emit(struct program *p, struct sock_filter f, int jt, int jf)
{
    if (p->n == sizeof p->insn / sizeof *p->insn)
        die("the system call filter has more instructions than its buffer holds");
    p->insn[p->n++] = (struct insn){f, jt, jf};
}

static void stmt(struct program *p, unsigned short code, unsigned int k)
{
    emit(p, (struct sock_filter)BPF_STMT(code, k), NEXT, NEXT);
}

static void jump(struct program *p, unsigned short code, unsigned int k, int jt, int jf)
{
    emit(p, (struct sock_filter)BPF_JUMP(code, k, 0, 0), jt, jf);
}

static void go_to(struct program *p, int target)
{
    emit(p, (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0), target, NEXT);
}

static void label(struct program *p, enum target t)
{
    p->at[t] = p->n;
}

static unsigned char offset(const struct program *p, size_t from, int target)
{
    if (target == NEXT)
        return 0;
    size_t distance = p->at[target] - from - 1;
    if (p->at[target] <= from || distance > 255)
        die("the system call filter jumps out of range");
    return (unsigned char)distance;
}

/* The low 32 bits of the first argument: clone and unshare flags, personality. */
static unsigned int first_argument_low(void)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return offsetof(struct seccomp_data, args[0]);
#else
    return offsetof(struct seccomp_data, args[0]) + 4;
#endif
}

void install_syscall_filter(void)
{
    struct program p = {.n = 0};
    /* A call through another ABI (i386's int 0x80 on x86_64) has other
     * numbers, which this list would not match: every such call is denied. */
    stmt(&p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    jump(&p, BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, NEXT, DENY);
    stmt(&p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#ifdef X32_SYSCALL_BIT
    jump(&p, BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, DENY, NEXT);
#endif
    for (size_t i = 0; i < sizeof denied / sizeof *denied; i++)
        jump(&p, BPF_JMP | BPF_JEQ | BPF_K, denied[i], DENY, NEXT);
    /* clone3 passes its flags in memory, which a filter cannot read; ENOSYS
     * makes the C library fall back to clone, whose flags it can. */
    jump(&p, BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, NO_CLONE3, NEXT);
    jump(&p, BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, CHECK_NEWUSER, NEXT);
    jump(&p, BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, CHECK_NEWUSER, NEXT);
    jump(&p, BPF_JMP | BPF_JEQ | BPF_K, __NR_personality, CHECK_PERSONALITY, NEXT);
    go_to(&p, ALLOW);

    /* A new user namespace would give the program every capability inside
     * it, and with them the kernel's namespaced attack surface. */
    label(&p, CHECK_NEWUSER);
    stmt(&p, BPF_LD | BPF_W | BPF_ABS, first_argument_low());
    jump(&p, BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, DENY, ALLOW);

    label(&p, CHECK_PERSONALITY);
    stmt(&p, BPF_LD | BPF_W | BPF_ABS, first_argument_low());
    for (size_t i = 0; i < sizeof harmless_personalities / sizeof *harmless_personalities; i++)
        jump(&p, BPF_JMP | BPF_JEQ | BPF_K, harmless_personalities[i], ALLOW, NEXT);

    label(&p, DENY);
    stmt(&p, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
    label(&p, ALLOW);
    stmt(&p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    label(&p, NO_CLONE3);
    stmt(&p, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));

    struct sock_filter code[sizeof p.insn / sizeof *p.insn];
    for (size_t i = 0; i < p.n; i++) {
        code[i] = p.insn[i].f;
        if (BPF_CLASS(code[i].code) != BPF_JMP)
            continue;
        if (BPF_OP(code[i].code) == BPF_JA) {
            code[i].k = offset(&p, i, p.insn[i].jt);
        } else {
            code[i].jt = offset(&p, i, p.insn[i].jt);
            code[i].jf = offset(&p, i, p.insn[i].jf);
        }
    }
    struct sock_fprog prog = {.len = (unsigned short)p.n, .filter = code};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
        die_errno("cannot install the box's system call filter (seccomp); the kernel must have CONFIG_SECCOMP_FILTER");
}
