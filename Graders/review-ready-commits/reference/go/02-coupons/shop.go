// `./shop` reads a cart, one line each: `item PRICE_CENTS QUANTITY`, `tax RATE_PERCENT`, `coupon CODE`; prints the
// total in cents.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

func main() {
	var lines []line
	tax, coupon := 0, ""
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		parts := strings.Fields(in.Text())
		if len(parts) == 0 {
			continue
		}
		switch parts[0] {
		case "item":
			lines = append(lines, line{priceCents: number(parts[1]), quantity: number(parts[2])})
		case "tax":
			tax = number(parts[1])
		case "coupon":
			coupon = parts[1]
		default:
			fail(fmt.Errorf("unknown line: %s", strings.TrimSpace(in.Text())))
		}
	}
	total := subtotal(lines)
	if coupon != "" {
		var err error
		if total, err = applyCoupon(total, coupon); err != nil {
			fail(err)
		}
	}
	fmt.Println(applyTax(total, tax))
}

// number parses a whole number of the cart, or stops the program.
func number(text string) int {
	n, err := strconv.Atoi(text)
	if err != nil {
		fail(err)
	}
	return n
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "shop:", err)
	os.Exit(1)
}
