module sqlinjection

go 1.19
