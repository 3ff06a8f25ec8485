module lruttlcache

go 1.19
