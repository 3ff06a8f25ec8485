module middlewarechain

go 1.19
