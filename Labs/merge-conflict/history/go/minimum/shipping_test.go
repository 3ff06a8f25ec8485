package main

import "testing"

func TestInternationalRate(t *testing.T) {
	if got := shippingCost(2, "international"); got != 8.00 {
		t.Errorf("shippingCost(2, international) = %.2f, want 8.00", got)
	}
}

func TestDomesticRate(t *testing.T) {
	if got := shippingCost(10, "domestic"); got != 12.00 {
		t.Errorf("shippingCost(10, domestic) = %.2f, want 12.00", got)
	}
}

func TestMinimumCharge(t *testing.T) {
	if got := shippingCost(1, "domestic"); got != 4.00 {
		t.Errorf("shippingCost(1, domestic) = %.2f, want 4.00", got)
	}
}
