"""Shopping-cart pricing, written differently from the reference but with exactly the same behaviour.

Prices and quantities live in two dictionaries and discounts are exact fractions until the last step. A test
suite that checks behaviour through the public interface passes here; one that compares source text does not.
"""

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction


class CartError(ValueError):
    """A request the cart refuses: a bad quantity or price, an unknown item, an expired coupon."""


@dataclass(frozen=True)
class Coupon:
    """A percentage off the whole cart, usable up to and including `expires_on`."""

    code: str
    percent_off: int
    expires_on: date


def round_half_up(value):
    return math.floor(value + Fraction(1, 2))


class Cart:
    """The items a customer is buying, and what they cost."""

    TIERS = {10: Fraction(10, 100), 50: Fraction(15, 100)}

    def __init__(self):
        self.prices = {}
        self.counts = {}
        self.coupon = None

    def add(self, sku, unit_price_cents, quantity=1):
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not quantity >= 1:
            raise CartError(f"quantity must be a whole number of at least 1, got {quantity!r}")
        if isinstance(unit_price_cents, bool) or not isinstance(unit_price_cents, int) or unit_price_cents < 0:
            raise CartError(f"unit price must be a whole number of cents, 0 or more, got {unit_price_cents!r}")
        if sku in self.prices and self.prices[sku] != unit_price_cents:
            raise CartError(f"{sku} is already in the cart at a different price")
        self.prices[sku] = unit_price_cents
        self.counts[sku] = self.counts.get(sku, 0) + quantity

    def remove(self, sku):
        if sku not in self.counts:
            raise CartError(f"{sku} is not in the cart")
        self.prices.pop(sku)
        self.counts.pop(sku)

    def quantity(self, sku):
        return self.counts.get(sku, 0)

    def line_total(self, sku):
        if sku not in self.counts:
            raise CartError(f"{sku} is not in the cart")
        count = self.counts[sku]
        gross = self.prices[sku] * count
        rate = max((rate for minimum, rate in self.TIERS.items() if count >= minimum), default=Fraction(0))
        return gross - round_half_up(gross * rate)

    def subtotal(self):
        return sum(map(self.line_total, list(self.counts)))

    def apply_coupon(self, coupon, today):
        if coupon.expires_on < today:
            raise CartError(f"coupon {coupon.code} expired on {coupon.expires_on.isoformat()}")
        self.coupon = coupon

    def total(self):
        subtotal = self.subtotal()
        off = 0 if self.coupon is None else round_half_up(subtotal * Fraction(self.coupon.percent_off, 100))
        return subtotal - off
