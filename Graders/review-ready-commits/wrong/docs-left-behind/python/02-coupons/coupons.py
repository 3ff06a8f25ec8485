"""Coupon codes, applied to a subtotal before tax: SAVE10 takes 10 percent off (rounded to the nearest cent),
FIVEOFF takes 500 cents off; a total never goes below zero."""

COUPONS = {"SAVE10": ("percent", 10), "FIVEOFF": ("fixed", 500)}


def apply_coupon(cents, code):
    if code not in COUPONS:
        raise ValueError(f"unknown coupon {code}")
    kind, amount = COUPONS[code]
    if kind == "percent":
        return cents - (cents * amount + 50) // 100
    return max(cents - amount, 0)
