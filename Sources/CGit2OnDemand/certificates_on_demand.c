// The system's certificate authorities, parsed before libgit2's first TLS handshake rather than when it initialises.
//
// git_libgit2_init parses the whole CA bundle (/etc/ssl/certs/ca-certificates.crt) into mbedTLS certificates, about
// 3 ms of every command that opens a repository (issue 15), though only a clone, fetch or push over HTTPS uses them.
// The release build links libgit2 and mbedTLS statically and has the linker route libgit2's calls to three mbedTLS
// functions through the __wrap_ functions below (`--wrap`, Package.swift): the first parse of a certificate file, the
// one initialisation makes, is recorded and done at the first handshake, into the same chain; a chain freed before
// that is forgotten. Any later parse (a certificate location set through git_libgit2_opts) first completes the
// recorded one, then runs at once. The debug build links libgit2 shared, wraps nothing and never calls these.
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "git2_on_demand.h"

typedef struct mbedtls_x509_crt mbedtls_x509_crt;
typedef struct mbedtls_ssl_context mbedtls_ssl_context;

// The real functions, under the names `--wrap` gives them; weak, so that a link without `--wrap` needs none of them.
int __real_mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) __attribute__((weak));
void __real_mbedtls_x509_crt_free(mbedtls_x509_crt *chain) __attribute__((weak));
int __real_mbedtls_ssl_handshake(mbedtls_ssl_context *ssl) __attribute__((weak));

int __wrap_mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path);
void __wrap_mbedtls_x509_crt_free(mbedtls_x509_crt *chain);
int __wrap_mbedtls_ssl_handshake(mbedtls_ssl_context *ssl);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int first_parse_seen;
static mbedtls_x509_crt *pending_chain;
static char pending_path[4096];

// Parses the recorded file into its chain, if one is waiting. Called with `lock` held.
static void complete_pending(void) {
    if (pending_chain) {
        __real_mbedtls_x509_crt_parse_file(pending_chain, pending_path);
        pending_chain = NULL;
    }
}

int __wrap_mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) {
    pthread_mutex_lock(&lock);
    int defer = !first_parse_seen && strlen(path) < sizeof pending_path;
    first_parse_seen = 1;
    if (defer) {
        pending_chain = chain;
        strcpy(pending_path, path);
        pthread_mutex_unlock(&lock);
        return 0;
    }
    complete_pending();
    pthread_mutex_unlock(&lock);
    return __real_mbedtls_x509_crt_parse_file(chain, path);
}

void __wrap_mbedtls_x509_crt_free(mbedtls_x509_crt *chain) {
    pthread_mutex_lock(&lock);
    if (chain == pending_chain) pending_chain = NULL;
    pthread_mutex_unlock(&lock);
    __real_mbedtls_x509_crt_free(chain);
}

int __wrap_mbedtls_ssl_handshake(mbedtls_ssl_context *ssl) {
    pthread_mutex_lock(&lock);
    complete_pending();
    pthread_mutex_unlock(&lock);
    return __real_mbedtls_ssl_handshake(ssl);
}
