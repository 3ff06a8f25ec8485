/* Small helpers shared by the launcher's parts: fatal errors, allocation,
 * file I/O on cgroup and proc files, a growable string with JSON escaping. */
#ifndef LADDER_SANDBOX_UTIL_H
#define LADDER_SANDBOX_UTIL_H

#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#define EXIT_SETUP 125 /* the box could not be set up; the status JSON says why */
#define EXIT_USAGE 2   /* bad command line */

/* Whose failure a setup error is, reported as the result's error_kind: the
 * machine's (the box could not be built: namespaces, mounts, cgroups, limits)
 * or the command's (the box was built, but the command cannot be started in
 * it). Set to FAILURE_COMMAND only around the program's execve. */
enum failure_kind { FAILURE_MACHINE = 0, FAILURE_COMMAND };
extern enum failure_kind die_kind;

/* Called by die() with the formatted message; set by whichever side
 * (launcher, box init, program) is running so the message reaches the
 * caller through the right channel. It must not return. */
typedef void (*die_hook_fn)(const char *message, int exit_code);
extern die_hook_fn die_hook;

void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void die_errno(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void die_usage(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void cleanup_freep(void *p) { free(*(void **)p); }
static inline void cleanup_closep(int *fd) { if (*fd >= 0) close(*fd); }
#define autofree __attribute__((cleanup(cleanup_freep)))
#define autoclose __attribute__((cleanup(cleanup_closep)))

/* Write a whole string to a file that must exist (cgroup and proc files).
 * Returns 0 or -errno. */
int write_file(const char *path, const char *text);
/* Read a whole small file into a NUL-terminated buffer; NULL on error. */
char *read_file(const char *path);
/* Read a file holding one unsigned number. Returns 0 or -errno. */
int read_u64(const char *path, uint64_t *value);
/* Find "key N" in a file of such lines (memory.oom_control, pids.events...). */
int read_keyed_u64(const char *path, const char *key, uint64_t *value);
/* write(2) all of buf, retrying on EINTR and partial writes. */
int write_all(int fd, const void *buf, size_t len);
/* Close every descriptor >= 3 except those listed; dies if it cannot. */
void close_fds_except(const int *keep, size_t n);

uint64_t monotonic_ns(void);

struct strbuf {
    char *data;
    size_t len, cap;
};
void sb_append(struct strbuf *sb, const char *s, size_t n);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_json_string(struct strbuf *sb, const char *s); /* "..." or null when s is NULL */

/* Warnings gathered during a run; reported in the status JSON. */
void add_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern char **warnings;
extern size_t n_warnings;

#endif
