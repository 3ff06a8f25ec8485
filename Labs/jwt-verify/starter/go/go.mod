module jwtverify

go 1.19
