// The GSS-API functions libgit2's Negotiate (Kerberos) authentication calls, loaded from libgssapi_krb5 the first time
// one is called instead of when `ladder` starts. See gssapi_on_demand.c.
#pragma once

/// Whether Kerberos' GSS-API can be loaded and imports a host-based service name through the functions libgit2 calls:
/// 1 when it does, 0 when the library is missing or refuses.
int ladder_gssapi_usable(void);
