// The eight GSS-API functions (and one name type) libgit2 calls for HTTP Negotiate authentication, which load MIT
// Kerberos' libgssapi_krb5 the first time one is called.
//
// Linked as a shared library, libgssapi_krb5 and the five Kerberos libraries it needs are loaded and relocated at every
// start of `ladder`, about 1 ms (issue 15), for an authentication scheme a course's server almost never asks for.
// Each function here opens the library on its first call (dlopen) and forwards to the real function; when the library
// is not installed, the functions report GSS_S_UNAVAILABLE and libgit2 reports that Negotiate authentication failed.
// The declarations follow RFC 2744 (the C bindings of GSS-API v2); Kerberos' own header is not needed to build.
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "git2_on_demand.h"

typedef uint32_t OM_uint32;
typedef struct {
    OM_uint32 length;
    void *elements;
} gss_OID_desc, *gss_OID;

// GSS_S_UNAVAILABLE, a routine error (RFC 2744, 3.9.1): 16 << 16.
static const OM_uint32 unavailable = 16u << 16;

// The host-based service name type, 1.2.840.113554.1.2.1.4 (RFC 2744, 4.1), by value: implementations compare name
// types by their bytes.
static gss_OID_desc hostbased_service = {10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

static void *library;
static pthread_once_t library_once = PTHREAD_ONCE_INIT;

static void open_library(void) { library = dlopen("libgssapi_krb5.so.2", RTLD_NOW | RTLD_LOCAL); }

// The library's own definition of `name`, or NULL when the library cannot be loaded.
static void *real(const char *name) {
    pthread_once(&library_once, open_library);
    return library ? dlsym(library, name) : NULL;
}

#define FORWARD(name, parameters, arguments)                                                                           \
    OM_uint32 name parameters {                                                                                        \
        OM_uint32(*function) parameters = (OM_uint32(*) parameters)real(#name);                                        \
        if (!function) {                                                                                               \
            if (minor) *minor = 0;                                                                                     \
            return unavailable;                                                                                        \
        }                                                                                                              \
        return function arguments;                                                                                     \
    }

FORWARD(gss_indicate_mechs, (OM_uint32 * minor, void **mechs), (minor, mechs))
FORWARD(gss_release_oid_set, (OM_uint32 * minor, void **set), (minor, set))
FORWARD(gss_import_name, (OM_uint32 * minor, void *buffer, gss_OID type, void **name), (minor, buffer, type, name))
FORWARD(gss_release_name, (OM_uint32 * minor, void **name), (minor, name))
FORWARD(gss_release_buffer, (OM_uint32 * minor, void *buffer), (minor, buffer))
FORWARD(gss_delete_sec_context, (OM_uint32 * minor, void **context, void *output), (minor, context, output))
FORWARD(gss_display_status,
        (OM_uint32 * minor, OM_uint32 status, int type, gss_OID mech, OM_uint32 *message_context, void *text),
        (minor, status, type, mech, message_context, text))
FORWARD(gss_init_sec_context,
        (OM_uint32 * minor, void *credential, void **context, void *target, gss_OID mech, OM_uint32 flags,
         OM_uint32 time, void *bindings, void *input, gss_OID *actual_mech, void *output, OM_uint32 *returned_flags,
         OM_uint32 *time_received),
        (minor, credential, context, target, mech, flags, time, bindings, input, actual_mech, output, returned_flags,
         time_received))

int ladder_gssapi_usable(void) {
    OM_uint32 minor = 0;
    struct {
        size_t length;
        void *value;
    } text = {sizeof "HTTP@localhost" - 1, (void *)"HTTP@localhost"};
    void *name = NULL;
    if (gss_import_name(&minor, &text, GSS_C_NT_HOSTBASED_SERVICE, &name) != 0) return 0;
    gss_release_name(&minor, &name);
    return 1;
}
