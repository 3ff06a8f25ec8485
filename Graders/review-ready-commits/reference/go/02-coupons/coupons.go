// Coupon codes, applied to a subtotal before tax: SAVE10 takes 10 percent off (rounded to the nearest cent),
// FIVEOFF takes 500 cents off; a total never goes below zero.
package main

import "fmt"

type coupon struct {
	percent bool // amount is a percentage of the total, else a number of cents
	amount  int
}

var coupons = map[string]coupon{"SAVE10": {percent: true, amount: 10}, "FIVEOFF": {percent: false, amount: 500}}

func applyCoupon(cents int, code string) (int, error) {
	c, ok := coupons[code]
	if !ok {
		return 0, fmt.Errorf("unknown coupon %s", code)
	}
	if c.percent {
		return cents - (cents*c.amount+50)/100, nil
	}
	if cents < c.amount {
		return 0, nil
	}
	return cents - c.amount, nil
}
