module idempotentconsumer

go 1.19
