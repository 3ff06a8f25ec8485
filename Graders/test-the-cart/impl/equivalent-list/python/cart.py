"""Shopping-cart pricing, written differently from the reference but with exactly the same behaviour.

Lines are kept in a list in the order they were added, and rounding goes through Decimal. A test suite that
checks behaviour through the public interface passes here; one that inspects private attributes does not.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


class CartError(ValueError):
    """A request the cart refuses: a bad quantity or price, an unknown item, an expired coupon."""


@dataclass(frozen=True)
class Coupon:
    """A percentage off the whole cart, usable up to and including `expires_on`."""

    code: str
    percent_off: int
    expires_on: date


def _is_whole(value):
    return type(value) is int


def _discount(amount, percent):
    exact = Decimal(amount) * Decimal(percent) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _bulk_percent(quantity):
    if quantity >= 50:
        return 15
    if quantity >= 10:
        return 10
    return 0


class Cart:
    """The items a customer is buying, and what they cost."""

    def __init__(self):
        self.entries = []
        self.active_coupon = None

    def _find(self, sku):
        for entry in self.entries:
            if entry[0] == sku:
                return entry
        return None

    def add(self, sku, unit_price_cents, quantity=1):
        if not _is_whole(quantity) or quantity <= 0:
            raise CartError(f"quantity must be a whole number of at least 1, got {quantity!r}")
        if not _is_whole(unit_price_cents) or unit_price_cents < 0:
            raise CartError(f"unit price must be a whole number of cents, 0 or more, got {unit_price_cents!r}")
        entry = self._find(sku)
        if entry is None:
            self.entries.append([sku, unit_price_cents, quantity])
        elif entry[1] == unit_price_cents:
            entry[2] = entry[2] + quantity
        else:
            raise CartError(f"{sku} is already in the cart at a different price")

    def remove(self, sku):
        entry = self._find(sku)
        if entry is None:
            raise CartError(f"{sku} is not in the cart")
        self.entries.remove(entry)

    def quantity(self, sku):
        entry = self._find(sku)
        return 0 if entry is None else entry[2]

    def line_total(self, sku):
        entry = self._find(sku)
        if entry is None:
            raise CartError(f"{sku} is not in the cart")
        _, price, count = entry
        gross = price * count
        return gross - _discount(gross, _bulk_percent(count))

    def subtotal(self):
        total = 0
        for entry in self.entries:
            total += self.line_total(entry[0])
        return total

    def apply_coupon(self, coupon, today):
        if not today <= coupon.expires_on:
            raise CartError(f"coupon {coupon.code} expired on {coupon.expires_on.isoformat()}")
        self.active_coupon = coupon

    def total(self):
        amount = self.subtotal()
        if self.active_coupon is not None:
            amount -= _discount(amount, self.active_coupon.percent_off)
        return amount
