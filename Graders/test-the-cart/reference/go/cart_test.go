// A strong test suite for cart.go: every rule, on both sides of every threshold, through the exported API only.
package cart

import (
	"errors"
	"testing"
	"time"
)

func day(year int, month time.Month, d int) time.Time {
	return time.Date(year, month, d, 0, 0, 0, 0, time.UTC)
}

var expiry = day(2030, time.June, 30)

type item struct {
	sku      string
	price    int
	quantity int
}

func cartWith(t *testing.T, items ...item) *Cart {
	t.Helper()
	cart := NewCart()
	for _, it := range items {
		if err := cart.Add(it.sku, it.price, it.quantity); err != nil {
			t.Fatalf("Add(%q, %d, %d): %v", it.sku, it.price, it.quantity, err)
		}
	}
	return cart
}

func equal(t *testing.T, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", what, got, want)
	}
}

func lineTotal(t *testing.T, cart *Cart, sku string) int {
	t.Helper()
	total, err := cart.LineTotal(sku)
	if err != nil {
		t.Fatalf("LineTotal(%q): %v", sku, err)
	}
	return total
}

func refused(t *testing.T, what string, err error) {
	t.Helper()
	var cartError *CartError
	if !errors.As(err, &cartError) {
		t.Errorf("%s: got error %v, want a *CartError", what, err)
	}
}

func TestNewCartIsEmpty(t *testing.T) {
	cart := NewCart()
	equal(t, "Subtotal()", cart.Subtotal(), 0)
	equal(t, "Total()", cart.Total(), 0)
	equal(t, "Quantity(apple)", cart.Quantity("apple"), 0)
}

func TestLineTotalIsPriceTimesQuantity(t *testing.T) {
	cart := cartWith(t, item{"apple", 125, 3})
	equal(t, "LineTotal(apple)", lineTotal(t, cart, "apple"), 375)
	equal(t, "Subtotal()", cart.Subtotal(), 375)
}

func TestSubtotalAddsEveryLine(t *testing.T) {
	cart := cartWith(t, item{"apple", 125, 3}, item{"pear", 200, 1}, item{"plum", 50, 2})
	equal(t, "Subtotal()", cart.Subtotal(), 375+200+100)
	equal(t, "Total()", cart.Total(), 675)
}

func TestAddingAgainAddsToTheQuantity(t *testing.T) {
	cart := cartWith(t, item{"apple", 125, 2}, item{"apple", 125, 3})
	equal(t, "Quantity(apple)", cart.Quantity("apple"), 5)
	equal(t, "LineTotal(apple)", lineTotal(t, cart, "apple"), 625)
}

func TestAddingAgainAtAnotherPriceIsRefused(t *testing.T) {
	cart := cartWith(t, item{"apple", 125, 2})
	refused(t, "Add at another price", cart.Add("apple", 130, 1))
	equal(t, "Quantity(apple)", cart.Quantity("apple"), 2)
}

func TestRemoveTakesTheWholeLine(t *testing.T) {
	cart := cartWith(t, item{"apple", 125, 3}, item{"pear", 200, 1})
	if err := cart.Remove("apple"); err != nil {
		t.Fatalf("Remove(apple): %v", err)
	}
	equal(t, "Quantity(apple)", cart.Quantity("apple"), 0)
	equal(t, "Subtotal()", cart.Subtotal(), 200)
	_, err := cart.LineTotal("apple")
	refused(t, "LineTotal of a removed item", err)
}

func TestRemovingAnUnknownItemIsRefused(t *testing.T) {
	refused(t, "Remove(apple)", NewCart().Remove("apple"))
}

func TestNoDiscountBelowTen(t *testing.T) {
	equal(t, "9 bolts", lineTotal(t, cartWith(t, item{"bolt", 100, 9}), "bolt"), 900)
}

func TestTenPercentFromExactlyTen(t *testing.T) {
	equal(t, "10 bolts", lineTotal(t, cartWith(t, item{"bolt", 100, 10}), "bolt"), 900)
	equal(t, "11 bolts", lineTotal(t, cartWith(t, item{"bolt", 100, 11}), "bolt"), 990)
}

func TestBelowFiftyStaysAtTenPercent(t *testing.T) {
	equal(t, "49 bolts", lineTotal(t, cartWith(t, item{"bolt", 100, 49}), "bolt"), 4410)
}

func TestFifteenPercentFromExactlyFifty(t *testing.T) {
	equal(t, "50 bolts", lineTotal(t, cartWith(t, item{"bolt", 100, 50}), "bolt"), 4250)
	equal(t, "60 bolts", lineTotal(t, cartWith(t, item{"bolt", 100, 60}), "bolt"), 5100)
}

func TestDiscountIsPerLineNotPerCart(t *testing.T) {
	cart := cartWith(t, item{"bolt", 100, 6}, item{"nut", 10, 6})
	equal(t, "LineTotal(bolt)", lineTotal(t, cart, "bolt"), 600)
	equal(t, "Subtotal()", cart.Subtotal(), 660)
}

func TestSubtotalUsesDiscountedLines(t *testing.T) {
	cart := cartWith(t, item{"bolt", 100, 10}, item{"washer", 20, 50}, item{"nut", 10, 3})
	equal(t, "Subtotal()", cart.Subtotal(), 900+850+30)
}

func TestEachLineGetsItsOwnDiscount(t *testing.T) {
	cart := cartWith(t, item{"bolt", 100, 10}, item{"nut", 10, 3})
	equal(t, "LineTotal(bolt)", lineTotal(t, cart, "bolt"), 900)
	equal(t, "LineTotal(nut)", lineTotal(t, cart, "nut"), 30)
}

func applied(t *testing.T, cart *Cart, coupon Coupon, today time.Time) *Cart {
	t.Helper()
	if err := cart.ApplyCoupon(coupon, today); err != nil {
		t.Fatalf("ApplyCoupon(%v, %v): %v", coupon, today, err)
	}
	return cart
}

var summer = Coupon{Code: "SUMMER", PercentOff: 10, ExpiresOn: expiry}

func TestCouponTakesItsPercentageOffTheTotal(t *testing.T) {
	cart := applied(t, cartWith(t, item{"lamp", 2000, 1}), summer, day(2030, time.June, 1))
	equal(t, "Subtotal()", cart.Subtotal(), 2000)
	equal(t, "Total()", cart.Total(), 1800)
}

func TestCouponUsesItsOwnPercentage(t *testing.T) {
	cart := applied(t, cartWith(t, item{"lamp", 2000, 1}), Coupon{"BIG", 25, expiry}, day(2030, time.June, 1))
	equal(t, "Total()", cart.Total(), 1500)
}

func TestCouponIsGoodOnItsExpiryDate(t *testing.T) {
	cart := applied(t, cartWith(t, item{"lamp", 2000, 1}), summer, expiry)
	equal(t, "Total()", cart.Total(), 1800)
}

func TestCouponIsRefusedTheDayAfter(t *testing.T) {
	cart := cartWith(t, item{"lamp", 2000, 1})
	refused(t, "ApplyCoupon the day after", cart.ApplyCoupon(summer, day(2030, time.July, 1)))
	equal(t, "Total()", cart.Total(), 2000)
}

func TestASecondCouponReplacesTheFirst(t *testing.T) {
	cart := applied(t, cartWith(t, item{"lamp", 2000, 1}), Coupon{"BIG", 25, expiry}, day(2030, time.June, 1))
	applied(t, cart, summer, day(2030, time.June, 1))
	equal(t, "Total()", cart.Total(), 1800)
}

func TestTheSameCouponTwiceCountsOnce(t *testing.T) {
	cart := applied(t, cartWith(t, item{"lamp", 2000, 1}), summer, day(2030, time.June, 1))
	applied(t, cart, summer, day(2030, time.June, 1))
	equal(t, "Total()", cart.Total(), 1800)
}

func TestCouponAppliesAfterBulkDiscounts(t *testing.T) {
	cart := applied(t, cartWith(t, item{"bolt", 100, 10}), summer, day(2030, time.June, 1))
	equal(t, "Total()", cart.Total(), 810)
}

func couponTotal(t *testing.T, price, percent int) int {
	t.Helper()
	return applied(t, cartWith(t, item{"item", price, 1}), Coupon{"C", percent, expiry}, day(2030, time.January, 1)).Total()
}

func TestHalfACentRoundsUpWithAnEvenCentBelow(t *testing.T) {
	equal(t, "10% off 1005", couponTotal(t, 1005, 10), 1005-101)
}

func TestHalfACentRoundsUpWithAnOddCentBelow(t *testing.T) {
	equal(t, "10% off 1015", couponTotal(t, 1015, 10), 1015-102)
}

func TestMoreThanHalfRoundsUp(t *testing.T) {
	equal(t, "10% off 1007", couponTotal(t, 1007, 10), 1007-101)
}

func TestLessThanHalfRoundsDown(t *testing.T) {
	equal(t, "10% off 1003", couponTotal(t, 1003, 10), 1003-100)
}

func TestBulkDiscountRoundsPerLine(t *testing.T) {
	equal(t, "10 at 105", lineTotal(t, cartWith(t, item{"bolt", 105, 10}), "bolt"), 1050-105)
	equal(t, "50 at 101", lineTotal(t, cartWith(t, item{"bolt", 101, 50}), "bolt"), 5050-758)
}

func assertRefused(t *testing.T, price, quantity int) {
	t.Helper()
	cart := NewCart()
	refused(t, "Add", cart.Add("item", price, quantity))
	equal(t, "Quantity(item)", cart.Quantity("item"), 0)
}

func TestZeroQuantityIsRefused(t *testing.T) {
	assertRefused(t, 100, 0)
}

func TestNegativeQuantityIsRefused(t *testing.T) {
	assertRefused(t, 100, -1)
}

func TestNegativePriceIsRefused(t *testing.T) {
	assertRefused(t, -1, 1)
}

func TestAFreeItemIsFine(t *testing.T) {
	cart := cartWith(t, item{"sticker", 0, 2})
	equal(t, "Subtotal()", cart.Subtotal(), 0)
	equal(t, "Quantity(sticker)", cart.Quantity("sticker"), 2)
}
