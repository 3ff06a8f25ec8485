package main

import "testing"

func TestSubtotal(t *testing.T) {
	if got := subtotal([]line{{250, 2}, {100, 3}}); got != 800 {
		t.Errorf("subtotal = %d, want 800", got)
	}
}

func TestTax(t *testing.T) {
	if got := applyTax(1000, 19); got != 1190 {
		t.Errorf("applyTax(1000, 19) = %d, want 1190", got)
	}
}

func TestTaxRoundsToTheNearestCent(t *testing.T) {
	for _, c := range []struct{ cents, want int }{{999, 1189}, {1001, 1191}} {
		if got := applyTax(c.cents, 19); got != c.want {
			t.Errorf("applyTax(%d, 19) = %d, want %d", c.cents, got, c.want)
		}
	}
}
