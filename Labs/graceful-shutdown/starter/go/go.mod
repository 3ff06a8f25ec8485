module gracefulshutdown

go 1.19
