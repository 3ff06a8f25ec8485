#!/usr/bin/env python3
"""Writes the test-the-cart mutants from the reference implementation.

Each mutant is the reference `impl/reference/cart.py` with one realistic bug put in by text replacement (every
replacement must match exactly once), plus an `about.txt` that tells a learner, without code, which behaviour
their tests leave unchecked when the mutant survives. Run it from anywhere after changing the reference:

    python3 Graders/test-the-cart/make-mutants.py

It also writes the public mutants of the visible tests into Labs/test-the-cart/tests/mutants/, and checks that
every mutant really differs in behaviour from the reference (a mutant nobody can kill would be unfair).
"""

import importlib.util
import pathlib
import shutil
import sys
from datetime import date

HERE = pathlib.Path(__file__).resolve().parent
LAB = HERE.parent.parent / "Labs" / "test-the-cart"
REFERENCE = (HERE / "impl" / "reference" / "cart.py").read_text()

# (group directory, mutant name, about text, [(old, new), ...])
MUTANTS = [
    ("mutants/basics", "line-ignores-quantity",
     "A line's total must depend on how many of the item are bought, not only on the unit price.",
     [("gross = line.unit_price_cents * line.quantity", "gross = line.unit_price_cents")]),
    ("mutants/basics", "add-replaces-quantity",
     "Adding an item that is already in the cart adds to its quantity; it does not replace it.",
     [("line.quantity += quantity", "line.quantity = quantity")]),
    ("mutants/basics", "remove-takes-one",
     "Removing an item takes its whole line out of the cart, however many of it there were.",
     [("        del self._lines[sku]\n",
       "        self._lines[sku].quantity -= 1\n        if self._lines[sku].quantity == 0:\n            del self._lines[sku]\n")]),

    ("mutants/bulk", "bulk-threshold-off-by-one",
     "A bulk discount starts at exactly its minimum quantity, not one item later: check a line of exactly 10 items (and exactly 50).",
     [("if line.quantity >= minimum:", "if line.quantity > minimum:")]),
    ("mutants/bulk", "bulk-counts-whole-cart",
     "Bulk discounts are per line: a line's discount depends on that line's quantity alone, whatever else is in the cart.",
     [("if line.quantity >= minimum:", "if sum(other.quantity for other in self._lines.values()) >= minimum:")]),
    ("mutants/bulk", "bulk-tiers-checked-low-first",
     "The larger bulk discount for 50 or more of an item is never checked.",
     [("BULK_TIERS = ((50, 15), (10, 10))", "BULK_TIERS = ((10, 10), (50, 15))")]),

    ("mutants/coupons", "coupon-day-after-expiry",
     "A coupon used the day after its expiry date must be refused.",
     [("if today > coupon.expires_on:", "if (today - coupon.expires_on).days > 1:")]),
    ("mutants/coupons", "coupon-refused-on-expiry-day",
     "A coupon is still good on its expiry date itself.",
     [("if today > coupon.expires_on:", "if today >= coupon.expires_on:")]),
    ("mutants/coupons", "coupons-stack",
     "Applying a coupon replaces the one applied before: discounts never stack, not even when the same coupon is applied twice.",
     [("self._coupon = None", "self._coupons = []"),
      ("self._coupon = coupon", "self._coupons.append(coupon)"),
      ("        if self._coupon is None:\n            return subtotal\n"
       "        return subtotal - percent_of(subtotal, self._coupon.percent_off)\n",
       "        total = subtotal\n        for coupon in self._coupons:\n"
       "            total -= percent_of(total, coupon.percent_off)\n        return total\n")]),

    ("mutants/rounding", "rounds-half-to-even",
     "A discount of exactly half a cent rounds up, also when the whole cents below it are an even number.",
     [("return (amount_cents * percent + 50) // 100", "return round(amount_cents * percent / 100)")]),
    ("mutants/rounding", "truncates-cents",
     "A discount with a fraction of a cent above one half rounds up to the next cent; it is not cut off.",
     [("return (amount_cents * percent + 50) // 100", "return amount_cents * percent // 100")]),

    ("mutants/invalid", "negative-quantity-accepted",
     "Adding a negative quantity of an item must be refused with a CartError.",
     [("or quantity < 1:", "or quantity == 0:")]),
    ("mutants/invalid", "zero-quantity-accepted",
     "Adding zero of an item must be refused with a CartError: a quantity is at least 1.",
     [("or quantity < 1:", "or quantity < 0:")]),
    ("mutants/invalid", "negative-price-accepted",
     "A negative unit price must be refused with a CartError (a free item, price 0, is fine).",
     [("isinstance(unit_price_cents, bool) or unit_price_cents < 0:", "isinstance(unit_price_cents, bool):")]),

    # Added by the README audit: every rule of the README has a mutant that only a test of that rule kills.
    ("mutants/basics", "subtotal-keeps-last-line",
     "The subtotal adds up every line: a cart with several lines costs the sum of all of them, not only the last line's.",
     [("return sum(self.line_total(sku) for sku in self._lines)",
       "total = 0\n        for sku in self._lines:\n            total = self.line_total(sku)\n        return total")]),
    ("mutants/basics", "empty-cart-fails",
     "An empty cart is a cart like any other: its subtotal and total are 0.",
     [("from datetime import date\n", "from datetime import date\nfrom functools import reduce\n"),
      ("return sum(self.line_total(sku) for sku in self._lines)",
       "return reduce(lambda total, amount: total + amount, (self.line_total(sku) for sku in self._lines))")]),
    ("mutants/basics", "quantity-of-missing-item-fails",
     "Asking how many of an item the cart holds when it holds none is allowed: the answer is 0.",
     [("return line.quantity if line else 0", "return line.quantity")]),
    ("mutants/basics", "remove-unknown-ignored",
     "Removing an item that is not in the cart must be refused with a CartError.",
     [("            raise CartError(f\"{sku} is not in the cart\")\n        del self._lines[sku]",
       "            return\n        del self._lines[sku]")]),
    ("mutants/basics", "line-total-unknown-is-zero",
     "Asking for the line total of an item that is not in the cart must be refused with a CartError.",
     [("            raise CartError(f\"{sku} is not in the cart\")\n        gross",
       "            return 0\n        gross")]),
    ("mutants/basics", "other-price-accepted",
     "Adding an item that is already in the cart, at a different unit price, must be refused with a CartError.",
     [("        if line.unit_price_cents != unit_price_cents:\n            raise CartError(f\"{sku} is already in the cart at a different price\")\n",
       "")]),

    ("mutants/bulk", "bulk-fifty-off-by-one",
     "The 15% discount starts at exactly 50 of an item: check a line of exactly 50, not only more.",
     [("BULK_TIERS = ((50, 15), (10, 10))", "BULK_TIERS = ((51, 15), (10, 10))")]),
    ("mutants/bulk", "bulk-discounts-add-up",
     "A line of 50 or more gets 15% off instead of 10%, not both: check the exact total of such a line.",
     [("        for minimum, percent in BULK_TIERS:\n            if line.quantity >= minimum:\n"
       "                return gross - percent_of(gross, percent)\n        return gross\n",
       "        total = gross\n        for minimum, percent in BULK_TIERS:\n            if line.quantity >= minimum:\n"
       "                total -= percent_of(gross, percent)\n        return total\n")]),
    ("mutants/bulk", "subtotal-ignores-bulk",
     "The subtotal is the sum of the line totals after their bulk discounts: check the subtotal of a cart with a discounted line.",
     [("return sum(self.line_total(sku) for sku in self._lines)",
       "return sum(line.unit_price_cents * line.quantity for line in self._lines.values())")]),

    ("mutants/coupons", "coupon-before-bulk",
     "A coupon's percentage is taken off the subtotal after the bulk discounts, not off the undiscounted prices.",
     [("        return subtotal - percent_of(subtotal, self._coupon.percent_off)\n",
       "        gross = sum(line.unit_price_cents * line.quantity for line in self._lines.values())\n"
       "        return subtotal - percent_of(gross, self._coupon.percent_off)\n")]),
    ("mutants/coupons", "refused-coupon-still-counts",
     "A coupon that is refused because it expired must not change what the cart costs.",
     [("        if today > coupon.expires_on:\n            raise CartError(f\"coupon {coupon.code} expired on {coupon.expires_on.isoformat()}\")\n        self._coupon = coupon\n",
       "        self._coupon = coupon\n        if today > coupon.expires_on:\n            raise CartError(f\"coupon {coupon.code} expired on {coupon.expires_on.isoformat()}\")\n")]),

    ("mutants/rounding", "rounds-half-down",
     "A discount of exactly half a cent rounds up, not down.",
     [("return (amount_cents * percent + 50) // 100", "return (amount_cents * percent + 49) // 100")]),
    ("mutants/rounding", "rounds-discount-up",
     "A discount with less than half a cent over a whole cent rounds down to that cent; it is not always rounded up.",
     [("return (amount_cents * percent + 50) // 100", "return (amount_cents * percent + 99) // 100")]),
    ("mutants/rounding", "bulk-rounded-per-item",
     "A bulk discount is worked out on the whole line and rounded once, not rounded for each item and multiplied.",
     [("                return gross - percent_of(gross, percent)",
       "                return gross - percent_of(line.unit_price_cents, percent) * line.quantity")]),

    ("mutants/invalid", "fractional-quantity-accepted",
     "A quantity that is not a whole number, such as 1.5, must be refused with a CartError.",
     [("if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:", "if quantity < 1:")]),
    ("mutants/invalid", "free-item-refused",
     "A free item (unit price 0) is fine; only a negative price is refused.",
     [("isinstance(unit_price_cents, bool) or unit_price_cents < 0:", "isinstance(unit_price_cents, bool) or unit_price_cents <= 0:")]),
    ("mutants/invalid", "refused-add-still-counts",
     "When adding an item is refused (it is already in the cart at another price), the cart must not change.",
     [("            raise CartError(f\"{sku} is already in the cart at a different price\")\n        line.quantity += quantity\n",
       "            line.quantity += quantity\n            raise CartError(f\"{sku} is already in the cart at a different price\")\n        line.quantity += quantity\n")]),
    ("mutants/invalid", "cart-error-not-value-error",
     "CartError is a kind of ValueError: code that catches ValueError must catch it too.",
     [("class CartError(ValueError):", "class CartError(Exception):")]),
]

# The visible tests' mutants: different bugs from the hidden ones, so passing them proves only the basics.
PUBLIC = [
    ("subtotal-first-line-only",
     "The subtotal adds up every line in the cart, not only the first one.",
     [("return sum(self.line_total(sku) for sku in self._lines)",
       "return next((self.line_total(sku) for sku in self._lines), 0)")]),
    ("coupon-fixed-ten-percent",
     "A coupon takes off its own percentage, whatever it is, not always 10%.",
     [("return subtotal - percent_of(subtotal, self._coupon.percent_off)", "return subtotal - percent_of(subtotal, 10)")]),
]


def mutate(replacements):
    text = REFERENCE
    for old, new in replacements:
        count = text.count(old)
        if count != 1:
            sys.exit(f"replacement {old!r} matches {count} times in the reference; it must match once")
        text = text.replace(old, new)
    return text


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def behaviour(module):
    """A fingerprint of a module's behaviour over cases that reach every rule."""
    results = []

    def attempt(action):
        try:
            results.append(action())
        except module.CartError:
            results.append("CartError")
        except Exception as error:
            results.append(type(error).__name__)

    for quantities in ([1], [3], [9], [10], [11], [49], [50], [60], [6, 6], [2, 10]):
        cart = module.Cart()
        for index, quantity in enumerate(quantities):
            cart.add(f"sku{index}", 1005, quantity)
        results.append((cart.subtotal(), cart.total()))
    cart = module.Cart()
    cart.add("a", 1005, 2)
    cart.add("a", 1005, 3)
    cart.add("b", 999)
    results.append((cart.quantity("a"), cart.subtotal()))
    cart.remove("a")
    attempt(lambda: (cart.quantity("a"), cart.subtotal()))
    for delta in (-1, 0, 1, 2):
        cart = module.Cart()
        cart.add("a", 2000, 1)
        attempt(lambda: cart.apply_coupon(module.Coupon("C", 10, date(2030, 1, 10)), date(2030, 1, 10 + delta)) or cart.total())
    cart = module.Cart()
    cart.add("a", 1000)
    coupon = module.Coupon("C", 10, date(2030, 1, 10))
    cart.apply_coupon(coupon, date(2030, 1, 1))
    cart.apply_coupon(coupon, date(2030, 1, 1))
    results.append(cart.total())
    for price, percent in ((1005, 10), (1015, 10), (1007, 10), (1000, 25)):
        cart = module.Cart()
        cart.add("a", price)
        cart.apply_coupon(module.Coupon("C", percent, date(2030, 1, 10)), date(2030, 1, 1))
        results.append(cart.total())
    for quantity, price in ((0, 100), (-1, 100), (1, -1), (1, 0), (1.5, 100)):
        cart = module.Cart()
        attempt(lambda: cart.add("a", price, quantity) or cart.subtotal())
    cart = module.Cart()
    cart.add("a", 100, 2)
    attempt(lambda: cart.add("a", 120, 1))
    results.append(cart.quantity("a"))
    attempt(lambda: cart.quantity("missing"))
    attempt(lambda: cart.remove("missing"))
    attempt(lambda: cart.line_total("missing"))
    cart = module.Cart()
    cart.add("a", 100, 10)
    cart.add("b", 333)
    results.append((cart.subtotal(), cart.total()))
    cart.apply_coupon(module.Coupon("C", 10, date(2030, 1, 10)), date(2030, 1, 1))
    results.append(cart.total())
    cart = module.Cart()
    cart.add("a", 1000)
    attempt(lambda: cart.apply_coupon(module.Coupon("OLD", 50, date(2030, 1, 10)), date(2030, 1, 11)))
    results.append(cart.total())
    for price in (1003, 1005, 105):
        cart = module.Cart()
        cart.add("a", price, 10)
        results.append(cart.line_total("a"))
    results.append(issubclass(module.CartError, ValueError))
    attempt(lambda: (module.Cart().subtotal(), module.Cart().total()))
    return results


def write(directory, name, about, replacements):
    target = directory / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    (target / "cart.py").write_text(mutate(replacements))
    (target / "about.txt").write_text(about + "\n")
    return target


def main():
    shutil.rmtree(HERE / "mutants", ignore_errors=True)
    shutil.rmtree(LAB / "tests" / "mutants", ignore_errors=True)
    expected = behaviour(load(HERE / "impl" / "reference" / "cart.py", "reference"))
    for equivalent in sorted((HERE / "impl").iterdir()):
        if behaviour(load(equivalent / "cart.py", equivalent.name)) != expected:
            sys.exit(f"{equivalent.name} does not behave like the reference")
    written = [write(HERE / group, name, about, replacements) for group, name, about, replacements in MUTANTS]
    written += [write(LAB / "tests" / "mutants", name, about, replacements) for name, about, replacements in PUBLIC]
    for target in written:
        if behaviour(load(target / "cart.py", target.name)) == expected:
            sys.exit(f"mutant {target.name} behaves like the reference on every case; nobody could kill it")
    print(f"wrote {len(written)} mutants; each differs from the reference, every equivalent matches it")


if __name__ == "__main__":
    main()
