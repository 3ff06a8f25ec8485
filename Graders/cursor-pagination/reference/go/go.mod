module cursorpagination

go 1.19
