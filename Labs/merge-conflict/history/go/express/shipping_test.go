package main

import "testing"

func TestInternationalRate(t *testing.T) {
	if got := shippingCost(2, "international", false); got != 8.00 {
		t.Errorf("shippingCost(2, international) = %.2f, want 8.00", got)
	}
}

func TestDomesticRate(t *testing.T) {
	if got := shippingCost(10, "domestic", false); got != 15.00 {
		t.Errorf("shippingCost(10, domestic) = %.2f, want 15.00", got)
	}
}

func TestExpressDoublesAndAddsSurcharge(t *testing.T) {
	if got := shippingCost(3, "international", true); got != 29.00 {
		t.Errorf("shippingCost(3, international, express) = %.2f, want 29.00", got)
	}
}
