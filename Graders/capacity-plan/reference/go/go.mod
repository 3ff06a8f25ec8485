module capacityplan

go 1.19
