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
