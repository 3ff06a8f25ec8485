// Package cart prices a shopping cart: line totals, bulk discounts, coupons and rounding to the cent.
//
// All amounts are integers in cents, so that 0.1 + 0.2 never costs anyone a cent.
package cart

import (
	"fmt"
	"time"
)

// CartError is a request the cart refuses: a bad quantity or price, an unknown item, an expired coupon.
type CartError struct {
	Message string
}

func (e *CartError) Error() string { return e.Message }

func refuse(format string, args ...any) error {
	return &CartError{Message: fmt.Sprintf(format, args...)}
}

// Coupon is a percentage off the whole cart, usable up to and including ExpiresOn.
type Coupon struct {
	Code       string
	PercentOff int
	ExpiresOn  time.Time
}

// Bulk discounts per line, largest first: minimum quantity, percent off.
var bulkTiers = [][2]int{{50, 15}, {10, 10}}

// percentOf is percent% of amountCents, rounded to the nearest cent; exact halves round up.
func percentOf(amountCents, percent int) int {
	return (amountCents*percent + 50) / 100
}

type line struct {
	unitPriceCents int
	quantity       int
}

// Cart is the items a customer is buying, and what they cost. Make one with NewCart.
type Cart struct {
	lines  map[string]*line
	order  []string // the skus in the order they were added
	coupon *Coupon
}

// NewCart returns an empty cart.
func NewCart() *Cart {
	return &Cart{lines: map[string]*line{}}
}

// Add adds quantity of an item; adding an item already in the cart adds to its quantity.
func (c *Cart) Add(sku string, unitPriceCents, quantity int) error {
	if quantity < 1 {
		return refuse("quantity must be at least 1, got %d", quantity)
	}
	if unitPriceCents < 0 {
		return refuse("unit price must be 0 cents or more, got %d", unitPriceCents)
	}
	existing, ok := c.lines[sku]
	if !ok {
		c.lines[sku] = &line{unitPriceCents: unitPriceCents, quantity: quantity}
		c.order = append(c.order, sku)
		return nil
	}
	if existing.unitPriceCents != unitPriceCents {
		return refuse("%s is already in the cart at a different price", sku)
	}
	existing.quantity += quantity
	return nil
}

// Remove takes an item out of the cart entirely.
func (c *Cart) Remove(sku string) error {
	if _, ok := c.lines[sku]; !ok {
		return refuse("%s is not in the cart", sku)
	}
	delete(c.lines, sku)
	for index, other := range c.order {
		if other == sku {
			c.order = append(c.order[:index], c.order[index+1:]...)
			break
		}
	}
	return nil
}

// Quantity is how many of sku the cart holds (0 when none).
func (c *Cart) Quantity(sku string) int {
	if existing, ok := c.lines[sku]; ok {
		return existing.quantity
	}
	return 0
}

// LineTotal is unit price times quantity, less the line's bulk discount.
func (c *Cart) LineTotal(sku string) (int, error) {
	existing, ok := c.lines[sku]
	if !ok {
		return 0, refuse("%s is not in the cart", sku)
	}
	gross := existing.unitPriceCents * existing.quantity
	for _, tier := range bulkTiers {
		if existing.quantity >= tier[0] {
			return gross - percentOf(gross, tier[1]), nil
		}
	}
	return gross, nil
}

// Subtotal is the sum of the line totals, before any coupon.
func (c *Cart) Subtotal() int {
	sum := 0
	for _, sku := range c.order {
		amount, _ := c.LineTotal(sku)
		sum += amount
	}
	return sum
}

// ApplyCoupon uses coupon for this cart from now on, replacing any coupon applied before.
func (c *Cart) ApplyCoupon(coupon Coupon, today time.Time) error {
	if today.After(coupon.ExpiresOn) {
		return refuse("coupon %s expired on %s", coupon.Code, coupon.ExpiresOn.Format("2006-01-02"))
	}
	if c.coupon == nil {
		c.coupon = &coupon
	}
	return nil
}

// Total is what the customer pays: the subtotal less the coupon's discount.
func (c *Cart) Total() int {
	subtotal := c.Subtotal()
	if c.coupon == nil {
		return subtotal
	}
	return subtotal - percentOf(subtotal, c.coupon.PercentOff)
}
