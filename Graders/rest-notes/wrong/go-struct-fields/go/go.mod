module restnotes

go 1.19
