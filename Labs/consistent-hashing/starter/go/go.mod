module consistenthashing

go 1.19
