// Package cart prices a shopping cart, written differently from the reference but with exactly the same behaviour.
//
// Lines are kept in a slice in the order they were added, and rounding looks at the remainder. A test suite that
// checks behaviour through the exported API passes here; one that reads unexported fields does not compile.
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

// Coupon is a percentage off the whole cart, usable up to and including ExpiresOn.
type Coupon struct {
	Code       string
	PercentOff int
	ExpiresOn  time.Time
}

type entry struct {
	sku   string
	price int
	count int
}

// Cart is the items a customer is buying, and what they cost. Make one with NewCart.
type Cart struct {
	entries []entry
	active  *Coupon
}

// NewCart returns an empty cart.
func NewCart() *Cart {
	return &Cart{}
}

func discount(amount, percent int) int {
	whole, rest := amount*percent/100, amount*percent%100
	if rest >= 50 {
		whole++
	}
	return whole
}

func bulkPercent(count int) int {
	switch {
	case count >= 50:
		return 15
	case count >= 10:
		return 10
	}
	return 0
}

func (c *Cart) find(sku string) int {
	for index := range c.entries {
		if c.entries[index].sku == sku {
			return index
		}
	}
	return -1
}

// Add adds quantity of an item; adding an item already in the cart adds to its quantity.
func (c *Cart) Add(sku string, unitPriceCents, quantity int) error {
	if quantity <= 0 {
		return &CartError{fmt.Sprintf("quantity must be at least 1, got %d", quantity)}
	}
	if unitPriceCents < 0 {
		return &CartError{fmt.Sprintf("unit price must be 0 cents or more, got %d", unitPriceCents)}
	}
	index := c.find(sku)
	switch {
	case index < 0:
		c.entries = append(c.entries, entry{sku, unitPriceCents, quantity})
	case c.entries[index].price == unitPriceCents:
		c.entries[index].count += quantity
	default:
		return &CartError{sku + " is already in the cart at a different price"}
	}
	return nil
}

// Remove takes an item out of the cart entirely.
func (c *Cart) Remove(sku string) error {
	index := c.find(sku)
	if index < 0 {
		return &CartError{sku + " is not in the cart"}
	}
	c.entries = append(c.entries[:index:index], c.entries[index+1:]...)
	return nil
}

// Quantity is how many of sku the cart holds (0 when none).
func (c *Cart) Quantity(sku string) int {
	if index := c.find(sku); index >= 0 {
		return c.entries[index].count
	}
	return 0
}

// LineTotal is unit price times quantity, less the line's bulk discount.
func (c *Cart) LineTotal(sku string) (int, error) {
	index := c.find(sku)
	if index < 0 {
		return 0, &CartError{sku + " is not in the cart"}
	}
	gross := c.entries[index].price * c.entries[index].count
	return gross - discount(gross, bulkPercent(c.entries[index].count)), nil
}

// Subtotal is the sum of the line totals, before any coupon.
func (c *Cart) Subtotal() int {
	total := 0
	for _, e := range c.entries {
		amount, _ := c.LineTotal(e.sku)
		total += amount
	}
	return total
}

// ApplyCoupon uses coupon for this cart from now on, replacing any coupon applied before.
func (c *Cart) ApplyCoupon(coupon Coupon, today time.Time) error {
	if !(today.Before(coupon.ExpiresOn) || today.Equal(coupon.ExpiresOn)) {
		return &CartError{"coupon " + coupon.Code + " expired on " + coupon.ExpiresOn.Format("2006-01-02")}
	}
	c.active = &coupon
	return nil
}

// Total is what the customer pays: the subtotal less the coupon's discount.
func (c *Cart) Total() int {
	amount := c.Subtotal()
	if c.active != nil {
		amount -= discount(amount, c.active.PercentOff)
	}
	return amount
}
