// A shopping cart's arithmetic, in whole cents.
package main

// line is one line of a cart: a price in cents and a quantity.
type line struct {
	priceCents int
	quantity   int
}

func lineTotal(priceCents, quantity int) int {
	return priceCents * quantity
}

// subtotal is the sum of the lines.
func subtotal(lines []line) int {
	total := 0
	for _, l := range lines {
		total += lineTotal(l.priceCents, l.quantity)
	}
	return total
}

// applyTax is the amount with ratePercent tax added, rounded to the nearest cent (half a cent rounds up).
func applyTax(cents, ratePercent int) int {
	return (cents*(100+ratePercent) + 50) / 100
}
