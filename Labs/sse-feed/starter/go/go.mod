module ssefeed

go 1.19
