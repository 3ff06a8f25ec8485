"""Shopping-cart pricing: line totals, bulk discounts, coupons and rounding to the cent.

All amounts are integers in cents, so that 0.1 + 0.2 never costs anyone a cent.
"""

from dataclasses import dataclass
from datetime import date


class CartError(ValueError):
    """A request the cart refuses: a bad quantity or price, an unknown item, an expired coupon."""


@dataclass(frozen=True)
class Coupon:
    """A percentage off the whole cart, usable up to and including `expires_on`."""

    code: str
    percent_off: int
    expires_on: date


# Bulk discounts per line, largest first: (minimum quantity, percent off).
BULK_TIERS = ((50, 15), (10, 10))


def percent_of(amount_cents, percent):
    """`percent`% of `amount_cents`, rounded to the nearest cent; exact halves round up."""
    return (amount_cents * percent + 50) // 100


@dataclass
class _Line:
    unit_price_cents: int
    quantity: int


class Cart:
    """The items a customer is buying, and what they cost."""

    def __init__(self):
        self._lines = {}
        self._coupon = None

    def add(self, sku, unit_price_cents, quantity=1):
        """Adds `quantity` of an item; adding an item already in the cart adds to its quantity."""
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise CartError(f"quantity must be a whole number of at least 1, got {quantity!r}")
        if not isinstance(unit_price_cents, int) or isinstance(unit_price_cents, bool) or unit_price_cents < 0:
            raise CartError(f"unit price must be a whole number of cents, 0 or more, got {unit_price_cents!r}")
        line = self._lines.get(sku)
        if line is None:
            self._lines[sku] = _Line(unit_price_cents, quantity)
            return
        if line.unit_price_cents != unit_price_cents:
            raise CartError(f"{sku} is already in the cart at a different price")
        line.quantity += quantity

    def remove(self, sku):
        """Takes an item out of the cart entirely."""
        if sku not in self._lines:
            raise CartError(f"{sku} is not in the cart")
        del self._lines[sku]

    def quantity(self, sku):
        """How many of `sku` the cart holds (0 when none)."""
        line = self._lines.get(sku)
        return line.quantity if line else 0

    def line_total(self, sku):
        """Unit price times quantity, less the line's bulk discount."""
        line = self._lines.get(sku)
        if line is None:
            raise CartError(f"{sku} is not in the cart")
        gross = line.unit_price_cents * line.quantity
        for minimum, percent in BULK_TIERS:
            if line.quantity >= minimum:
                return gross - percent_of(gross, percent)
        return gross

    def subtotal(self):
        """The sum of the line totals, before any coupon."""
        return sum(self.line_total(sku) for sku in self._lines)

    def apply_coupon(self, coupon, today):
        """Uses `coupon` for this cart from now on, replacing any coupon applied before."""
        if today > coupon.expires_on:
            raise CartError(f"coupon {coupon.code} expired on {coupon.expires_on.isoformat()}")
        if self._coupon is None:
            self._coupon = coupon

    def total(self):
        """What the customer pays: the subtotal less the coupon's discount."""
        subtotal = self.subtotal()
        if self._coupon is None:
            return subtotal
        return subtotal - percent_of(subtotal, self._coupon.percent_off)
