module acme.internal/quotes

go 1.22

// acme.internal/pricing comes from the company's private module proxy (see README: the goproxy_token secret).
require acme.internal/pricing/v2 v2.4.1
