/* Logs the SQL text of every statement a program hands to SQLite, for check-parameters.py.
 *
 * Built by the checker into a shared library and loaded with LD_PRELOAD into the learner's program (the Go,
 * Java and PHP ones: each reaches the system's libsqlite3 through the global symbol scope). It stands in front
 * of sqlite3_prepare*, sqlite3_exec and appends each statement text, NUL-terminated, to $LADDER_SQL_LOG, then
 * calls the real function. What the program prints is not looked at here.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

static void *real(const char *name) {
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        /* The library was loaded into a local scope: ask it directly. */
        void *lib = dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_NOLOAD);
        if (lib) f = dlsym(lib, name);
    }
    if (!f) {
        fprintf(stderr, "sql-log-shim: no %s\n", name);
        abort();
    }
    return f;
}

static void record(const char *sql, int n) {
    const char *path = getenv("LADDER_SQL_LOG");
    if (!path || !sql) return;
    FILE *log = fopen(path, "a");
    if (!log) return;
    size_t length = n < 0 ? strlen(sql) : strnlen(sql, (size_t)n);
    fwrite(sql, 1, length, log);
    fputc(0, log);
    fclose(log);
}

#define PREPARE(name)                                                                                  \
    int name(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt, const char **tail) {            \
        static int (*f)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);                 \
        if (!f) f = real(#name);                                                                       \
        record(sql, n);                                                                                \
        return f(db, sql, n, stmt, tail);                                                              \
    }
PREPARE(sqlite3_prepare)
PREPARE(sqlite3_prepare_v2)

int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags, sqlite3_stmt **stmt, const char **tail) {
    static int (*f)(sqlite3 *, const char *, int, unsigned, sqlite3_stmt **, const char **);
    if (!f) f = real("sqlite3_prepare_v3");
    record(sql, n);
    return f(db, sql, n, flags, stmt, tail);
}

int sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *arg, char **error) {
    static int (*f)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
    if (!f) f = real("sqlite3_exec");
    record(sql, -1);
    return f(db, sql, callback, arg, error);
}
