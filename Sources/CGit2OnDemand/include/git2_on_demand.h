// What libgit2 needs only for some network operations, loaded or prepared on first use instead of at every start of
// `ladder`: Kerberos' GSS-API (gssapi_on_demand.c) and the system's certificate authorities (certificates_on_demand.c).
#pragma once

/// Whether Kerberos' GSS-API can be loaded and imports a host-based service name through the functions libgit2 calls:
/// 1 when it does, 0 when the library is missing or refuses.
int ladder_gssapi_usable(void);
