package main

import "testing"

func TestInternationalRate(t *testing.T) {
	if got := shippingCost(2, "international", false); got != 8.00 {
		t.Errorf("shippingCost(2, international) = %.2f, want 8.00", got)
	}
}

func TestDomesticRate(t *testing.T) {
	if got := shippingCost(10, "domestic", false); got != 12.00 {
		t.Errorf("shippingCost(10, domestic) = %.2f, want 12.00", got)
	}
}

func TestMinimumCharge(t *testing.T) {
	if got := shippingCost(1, "domestic", false); got != 4.00 {
		t.Errorf("shippingCost(1, domestic) = %.2f, want 4.00", got)
	}
}

func TestExpressDoublesAndAddsSurcharge(t *testing.T) {
	if got := shippingCost(3, "international", true); got != 29.00 {
		t.Errorf("shippingCost(3, international, express) = %.2f, want 29.00", got)
	}
}

func TestExpressOnAParcelAtTheMinimum(t *testing.T) {
	if got := shippingCost(1, "domestic", true); got != 13.00 {
		t.Errorf("shippingCost(1, domestic, express) = %.2f, want 13.00", got)
	}
}
