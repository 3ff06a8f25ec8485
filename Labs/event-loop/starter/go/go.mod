module eventloop

go 1.19
