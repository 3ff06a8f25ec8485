#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>

die_hook_fn die_hook;
enum failure_kind die_kind;
char **warnings;
size_t n_warnings;

static void __attribute__((noreturn)) die_with(int code, const char *message)
{
    if (die_hook)
        die_hook(message, code);
    fprintf(stderr, "ladder-sandbox: %s\n", message);
    _exit(code);
}

void die(const char *fmt, ...)
{
    char message[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    die_with(EXIT_SETUP, message);
}

void die_errno(const char *fmt, ...)
{
    int saved = errno;
    char message[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof message)
        snprintf(message + n, sizeof message - (size_t)n, ": %s", strerror(saved));
    die_with(EXIT_SETUP, message);
}

void die_usage(const char *fmt, ...)
{
    char message[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    die_with(EXIT_USAGE, message);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die("out of memory");
    return p;
}

void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p)
        die("out of memory");
    return p;
}

char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        die("out of memory");
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    char *s;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("out of memory");
    return s;
}

int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    size_t len = strlen(text);
    ssize_t n;
    do
        n = write(fd, text, len);
    while (n < 0 && errno == EINTR);
    int err = n < 0 ? -errno : ((size_t)n == len ? 0 : -EIO);
    close(fd);
    return err;
}

char *read_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = '\0';
    return buf;
}

int read_u64(const char *path, uint64_t *value)
{
    char buf[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    int err = n < 0 ? -errno : 0;
    close(fd);
    if (err)
        return err;
    buf[n] = '\0';
    if (strncmp(buf, "max", 3) == 0) {
        *value = UINT64_MAX;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(buf, &end, 10);
    if (errno || end == buf)
        return -EINVAL;
    *value = v;
    return 0;
}

int read_keyed_u64(const char *path, const char *key, uint64_t *value)
{
    autofree char *text = read_file(path);
    if (!text)
        return -errno;
    size_t klen = strlen(key);
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
            *value = strtoull(line + klen + 1, NULL, 10);
            return 0;
        }
    }
    return -ENOENT;
}

int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* close_range(2) came with Linux 5.9; before it, every possible descriptor
 * in the range is closed one by one. */
static void close_range_or_each(unsigned int from, unsigned int to)
{
    if (syscall(SYS_close_range, from, to, 0) == 0)
        return;
    if (errno != ENOSYS)
        die_errno("cannot close inherited descriptors %u to %u (close_range)", from, to);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        die_errno("cannot read RLIMIT_NOFILE to close inherited descriptors");
    rlim_t top = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 1u << 20 ? 1u << 20 : rl.rlim_max;
    for (unsigned int fd = from; fd <= to && fd < top; fd++)
        close((int)fd);
}

void close_fds_except(const int *keep, size_t n)
{
    int sorted[16];
    size_t m = 0;
    for (size_t i = 0; i < n && m < 16; i++)
        if (keep[i] >= 3)
            sorted[m++] = keep[i];
    qsort(sorted, m, sizeof(int), cmp_int);
    unsigned int from = 3;
    for (size_t i = 0; i < m; i++) {
        if ((unsigned int)sorted[i] > from)
            close_range_or_each(from, (unsigned int)sorted[i] - 1);
        from = (unsigned int)sorted[i] + 1;
    }
    close_range_or_each(from, ~0U);
}

uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void sb_append(struct strbuf *sb, const char *s, size_t n)
{
    if (sb->len + n + 1 > sb->cap) {
        sb->cap = (sb->len + n + 1) * 2;
        sb->data = xrealloc(sb->data, sb->cap);
    }
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
    char *s;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("out of memory");
    sb_append(sb, s, (size_t)n);
    free(s);
}

void sb_json_string(struct strbuf *sb, const char *s)
{
    if (!s) {
        sb_append(sb, "null", 4);
        return;
    }
    sb_append(sb, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_append(sb, "\\\"", 2); break;
        case '\\': sb_append(sb, "\\\\", 2); break;
        case '\n': sb_append(sb, "\\n", 2); break;
        case '\t': sb_append(sb, "\\t", 2); break;
        case '\r': sb_append(sb, "\\r", 2); break;
        default:
            if (*p < 0x20)
                sb_printf(sb, "\\u%04x", *p);
            else
                sb_append(sb, (const char *)p, 1);
        }
    }
    sb_append(sb, "\"", 1);
}

void add_warning(const char *fmt, ...)
{
    char *s;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("out of memory");
    warnings = xrealloc(warnings, (n_warnings + 1) * sizeof(char *));
    warnings[n_warnings++] = s;
}
