"""A shopping cart's arithmetic, in whole cents."""


def line_total(price_cents, quantity):
    return price_cents * quantity


def subtotal(lines):
    """The sum of (price_cents, quantity) lines."""
    return sum(line_total(price, quantity) for price, quantity in lines)


def apply_tax(cents, rate_percent):
    """The amount with `rate_percent` tax added, rounded to the nearest cent (half a cent rounds up)."""
    return (cents * (100 + rate_percent) + 50) // 100
