// Your tests for cart.go. Ladder grades them by running them against broken versions of cart.go.
//
// Run them with:  go test -v
// Each test should arrange a cart, act on it, and check what the README says must happen.
package cart

import (
	"testing"
)

func TestNewCartIsEmpty(t *testing.T) {
	if got := NewCart().Subtotal(); got != 0 {
		t.Errorf("Subtotal() = %d, want 0", got)
	}
}

// TODO stage 1: a line's total is unit price x quantity; adding an item twice adds to its quantity;
//               removing an item takes the whole line out.

// TODO stage 2: bulk discounts (per line, at 10 and at 50 items) and coupons (expiry date, one at a time).

// TODO stage 3: rounding of half cents, and the quantities and prices the cart must refuse (errors.As with a *CartError).
