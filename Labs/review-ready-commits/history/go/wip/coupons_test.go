package main

import "testing"

func TestPercent(t *testing.T) {
	for _, c := range []struct{ cents, want int }{{2000, 1800}, {1998, 1798}} {
		if got, err := applyCoupon(c.cents, "SAVE10"); err != nil || got != c.want {
			t.Errorf("applyCoupon(%d, SAVE10) = %d, %v; want %d", c.cents, got, err, c.want)
		}
	}
}

func TestFixedNeverBelowZero(t *testing.T) {
	for _, c := range []struct{ cents, want int }{{2000, 1500}, {300, 0}} {
		if got, err := applyCoupon(c.cents, "FIVEOFF"); err != nil || got != c.want {
			t.Errorf("applyCoupon(%d, FIVEOFF) = %d, %v; want %d", c.cents, got, err, c.want)
		}
	}
}

func TestUnknown(t *testing.T) {
	if _, err := applyCoupon(100, "FREE"); err == nil {
		t.Error("applyCoupon(100, FREE) gave no error")
	}
}
