// Package cart prices a shopping cart, written differently from the reference but with exactly the same behaviour.
//
// Prices and quantities live in two maps and discounts are exact fractions until the last step. A test suite that
// checks behaviour through the exported API passes here; one that compares source text does not.
package cart

import (
	"fmt"
	"math/big"
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

var tiers = map[int]*big.Rat{10: big.NewRat(10, 100), 50: big.NewRat(15, 100)}

func roundHalfUp(value *big.Rat) int {
	shifted := new(big.Rat).Add(value, big.NewRat(1, 2))
	floor := new(big.Int).Quo(shifted.Num(), shifted.Denom()) // both positive: truncation is the floor
	return int(floor.Int64())
}

func share(amount int, rate *big.Rat) int {
	return roundHalfUp(new(big.Rat).Mul(big.NewRat(int64(amount), 1), rate))
}

// Cart is the items a customer is buying, and what they cost. Make one with NewCart.
type Cart struct {
	prices map[string]int
	counts map[string]int
	skus   []string
	coupon *Coupon
}

// NewCart returns an empty cart.
func NewCart() *Cart {
	return &Cart{prices: map[string]int{}, counts: map[string]int{}}
}

// Add adds quantity of an item; adding an item already in the cart adds to its quantity.
func (c *Cart) Add(sku string, unitPriceCents, quantity int) error {
	if !(quantity >= 1) {
		return &CartError{fmt.Sprintf("quantity must be at least 1, got %d", quantity)}
	}
	if unitPriceCents < 0 {
		return &CartError{fmt.Sprintf("unit price must be 0 cents or more, got %d", unitPriceCents)}
	}
	if price, ok := c.prices[sku]; ok && price != unitPriceCents {
		return &CartError{sku + " is already in the cart at a different price"}
	}
	if _, ok := c.prices[sku]; !ok {
		c.skus = append(c.skus, sku)
	}
	c.prices[sku] = unitPriceCents
	c.counts[sku] += quantity
	return nil
}

// Remove takes an item out of the cart entirely.
func (c *Cart) Remove(sku string) error {
	if _, ok := c.prices[sku]; !ok {
		return &CartError{sku + " is not in the cart"}
	}
	delete(c.prices, sku)
	delete(c.counts, sku)
	kept := c.skus[:0]
	for _, other := range c.skus {
		if other != sku {
			kept = append(kept, other)
		}
	}
	c.skus = kept
	return nil
}

// Quantity is how many of sku the cart holds (0 when none).
func (c *Cart) Quantity(sku string) int {
	return c.counts[sku]
}

// LineTotal is unit price times quantity, less the line's bulk discount.
func (c *Cart) LineTotal(sku string) (int, error) {
	price, ok := c.prices[sku]
	if !ok {
		return 0, &CartError{sku + " is not in the cart"}
	}
	count := c.counts[sku]
	gross := price * count
	best := 0
	for minimum := range tiers {
		if count >= minimum && minimum > best {
			best = minimum
		}
	}
	if best == 0 {
		return gross, nil
	}
	return gross - share(gross, tiers[best]), nil
}

// Subtotal is the sum of the line totals, before any coupon.
func (c *Cart) Subtotal() int {
	total := 0
	for _, sku := range c.skus {
		line, _ := c.LineTotal(sku)
		total += line
	}
	return total
}

// ApplyCoupon uses coupon for this cart from now on, replacing any coupon applied before.
func (c *Cart) ApplyCoupon(coupon Coupon, today time.Time) error {
	if today.Sub(coupon.ExpiresOn) > 0 {
		return &CartError{"coupon " + coupon.Code + " expired on " + coupon.ExpiresOn.Format("2006-01-02")}
	}
	c.coupon = &coupon
	return nil
}

// Total is what the customer pays: the subtotal less the coupon's discount.
func (c *Cart) Total() int {
	subtotal := c.Subtotal()
	if c.coupon == nil {
		return subtotal
	}
	return subtotal - share(subtotal, big.NewRat(int64(c.coupon.PercentOff), 100))
}
