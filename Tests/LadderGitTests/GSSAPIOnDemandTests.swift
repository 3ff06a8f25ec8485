import CGit2OnDemand
import Testing

/// libgit2's Negotiate authentication reaches Kerberos through the functions that load it on first use.
struct GSSAPIOnDemandTests {
    /// The forwarding functions load libgssapi_krb5 (installed with libgit2) and it accepts the host-based service
    /// name type they define, as libgit2 passes it.
    @Test func kerberosLoadsOnFirstUseAndTakesTheNameType() {
        #expect(ladder_gssapi_usable() == 1)
    }
}
