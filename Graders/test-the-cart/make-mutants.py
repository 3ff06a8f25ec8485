#!/usr/bin/env python3
"""Writes the test-the-cart mutants from the reference implementation, in every language of the lab.

Each mutant is the reference (`impl/reference/<language>/`: cart.py, cart.js, cart.go, Cart.java) with one realistic
bug put in by text replacement (every replacement must match exactly once), plus an `about.txt` that tells a
learner, without code, which behaviour their tests leave unchecked when the mutant survives. The grader spec says
`per-language = true`: a mutant's directory holds `about.txt` and a folder per language it exists in
(`<name>/go/cart.go`), and a run copies the learner's language's folder only. A mutant that has no meaning in a
language (NOT_PORTED says which and why) has no folder for it and is not counted there. Run it from anywhere after
changing a reference:

    python3 Graders/test-the-cart/make-mutants.py

It also writes the public mutants of the visible tests into Labs/test-the-cart/tests/mutants/, and checks, over
cases that reach every rule, that every equivalent behaves like the reference, that every mutant really differs
from it (a mutant nobody can kill would be unfair), and that each mutant's Python and Node.js ports behave exactly
alike: the same bug in both. The Node.js cases are in fingerprint.js. The Go and Java ports are checked with the
reference test suites (`reference/go`, `reference/java`): they pass on every equivalent and fail on every mutant.
"""

import importlib.util
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
from datetime import date

HERE = pathlib.Path(__file__).resolve().parent
LAB = HERE.parent.parent / "Labs" / "test-the-cart"
FILES = {"python": "cart.py", "node": "cart.js", "go": "cart.go", "java": "Cart.java"}
# The languages whose ports are checked by fingerprint (the same cases in both); the others by the reference suite.
FINGERPRINTED = ("python", "node")
REFERENCES = {language: (HERE / "impl" / "reference" / language / file).read_text() for language, file in FILES.items()}

# (group directory, mutant name, about text, {language: [(old, new), ...]})
MUTANTS = [
    ("mutants/basics", "line-ignores-quantity",
     "A line's total must depend on how many of the item are bought, not only on the unit price.",
     {"python": [("gross = line.unit_price_cents * line.quantity", "gross = line.unit_price_cents")],
      "node": [("const gross = line.unitPriceCents * line.quantity;", "const gross = line.unitPriceCents;")]}),
    ("mutants/basics", "add-replaces-quantity",
     "Adding an item that is already in the cart adds to its quantity; it does not replace it.",
     {"python": [("line.quantity += quantity", "line.quantity = quantity")],
      "node": [("    line.quantity += quantity;\n  }", "    line.quantity = quantity;\n  }")]}),
    ("mutants/basics", "remove-takes-one",
     "Removing an item takes its whole line out of the cart, however many of it there were.",
     {"python": [("        del self._lines[sku]\n",
                  "        self._lines[sku].quantity -= 1\n        if self._lines[sku].quantity == 0:\n            del self._lines[sku]\n")],
      "node": [("    this.#lines.delete(sku);\n",
                "    this.#lines.get(sku).quantity -= 1;\n    if (this.#lines.get(sku).quantity === 0) {\n"
                "      this.#lines.delete(sku);\n    }\n")]}),

    ("mutants/bulk", "bulk-threshold-off-by-one",
     "A bulk discount starts at exactly its minimum quantity, not one item later: check a line of exactly 10 items (and exactly 50).",
     {"python": [("if line.quantity >= minimum:", "if line.quantity > minimum:")],
      "node": [("if (line.quantity >= minimum) {", "if (line.quantity > minimum) {")]}),
    ("mutants/bulk", "bulk-counts-whole-cart",
     "Bulk discounts are per line: a line's discount depends on that line's quantity alone, whatever else is in the cart.",
     {"python": [("if line.quantity >= minimum:", "if sum(other.quantity for other in self._lines.values()) >= minimum:")],
      "node": [("if (line.quantity >= minimum) {",
                "if ([...this.#lines.values()].reduce((sum, other) => sum + other.quantity, 0) >= minimum) {")]}),
    ("mutants/bulk", "bulk-tiers-checked-low-first",
     "The larger bulk discount for 50 or more of an item is never checked.",
     {"python": [("BULK_TIERS = ((50, 15), (10, 10))", "BULK_TIERS = ((10, 10), (50, 15))")],
      "node": [("const BULK_TIERS = [[50, 15], [10, 10]];", "const BULK_TIERS = [[10, 10], [50, 15]];")]}),

    ("mutants/coupons", "coupon-day-after-expiry",
     "A coupon used the day after its expiry date must be refused.",
     {"python": [("if today > coupon.expires_on:", "if (today - coupon.expires_on).days > 1:")],
      "node": [("if (today > coupon.expiresOn) {", "if ((Date.parse(today) - Date.parse(coupon.expiresOn)) / 86400000 > 1) {")]}),
    ("mutants/coupons", "coupon-refused-on-expiry-day",
     "A coupon is still good on its expiry date itself.",
     {"python": [("if today > coupon.expires_on:", "if today >= coupon.expires_on:")],
      "node": [("if (today > coupon.expiresOn) {", "if (today >= coupon.expiresOn) {")]}),
    ("mutants/coupons", "coupons-stack",
     "Applying a coupon replaces the one applied before: discounts never stack, not even when the same coupon is applied twice.",
     {"python": [("self._coupon = None", "self._coupons = []"),
                 ("self._coupon = coupon", "self._coupons.append(coupon)"),
                 ("        if self._coupon is None:\n            return subtotal\n"
                  "        return subtotal - percent_of(subtotal, self._coupon.percent_off)\n",
                  "        total = subtotal\n        for coupon in self._coupons:\n"
                  "            total -= percent_of(total, coupon.percent_off)\n        return total\n")],
      "node": [("  #coupon = null;", "  #coupons = [];"),
               ("this.#coupon = coupon;", "this.#coupons.push(coupon);"),
               ("    if (this.#coupon === null) {\n      return subtotal;\n    }\n"
                "    return subtotal - percentOf(subtotal, this.#coupon.percentOff);\n",
                "    let total = subtotal;\n    for (const coupon of this.#coupons) {\n"
                "      total -= percentOf(total, coupon.percentOff);\n    }\n    return total;\n")]}),

    ("mutants/rounding", "rounds-half-to-even",
     "A discount of exactly half a cent rounds up, also when the whole cents below it are an even number.",
     {"python": [("return (amount_cents * percent + 50) // 100", "return round(amount_cents * percent / 100)")],
      "node": [("  return Math.floor((amountCents * percent + 50) / 100);\n",
                "  const exact = (amountCents * percent) / 100;\n  const nearest = Math.round(exact);\n"
                "  return nearest - exact === 0.5 && nearest % 2 !== 0 ? nearest - 1 : nearest;\n")]}),
    ("mutants/rounding", "truncates-cents",
     "A discount with a fraction of a cent above one half rounds up to the next cent; it is not cut off.",
     {"python": [("return (amount_cents * percent + 50) // 100", "return amount_cents * percent // 100")],
      "node": [("return Math.floor((amountCents * percent + 50) / 100);", "return Math.floor((amountCents * percent) / 100);")]}),

    ("mutants/invalid", "negative-quantity-accepted",
     "Adding a negative quantity of an item must be refused with a CartError.",
     {"python": [("or quantity < 1:", "or quantity == 0:")],
      "node": [("|| quantity < 1) {", "|| quantity === 0) {")]}),
    ("mutants/invalid", "zero-quantity-accepted",
     "Adding zero of an item must be refused with a CartError: a quantity is at least 1.",
     {"python": [("or quantity < 1:", "or quantity < 0:")],
      "node": [("|| quantity < 1) {", "|| quantity < 0) {")]}),
    ("mutants/invalid", "negative-price-accepted",
     "A negative unit price must be refused with a CartError (a free item, price 0, is fine).",
     {"python": [("isinstance(unit_price_cents, bool) or unit_price_cents < 0:", "isinstance(unit_price_cents, bool):")],
      "node": [("if (!Number.isInteger(unitPriceCents) || unitPriceCents < 0) {", "if (!Number.isInteger(unitPriceCents)) {")]}),

    # Added by the README audit: every rule of the README has a mutant that only a test of that rule kills.
    ("mutants/basics", "subtotal-keeps-last-line",
     "The subtotal adds up every line: a cart with several lines costs the sum of all of them, not only the last line's.",
     {"python": [("return sum(self.line_total(sku) for sku in self._lines)",
                  "total = 0\n        for sku in self._lines:\n            total = self.line_total(sku)\n        return total")],
      "node": [("return [...this.#lines.keys()].map((sku) => this.lineTotal(sku)).reduce((sum, amount) => sum + amount, 0);",
                "let total = 0;\n    for (const sku of this.#lines.keys()) {\n      total = this.lineTotal(sku);\n    }\n"
                "    return total;")]}),
    ("mutants/basics", "empty-cart-fails",
     "An empty cart is a cart like any other: its subtotal and total are 0.",
     {"python": [("from datetime import date\n", "from datetime import date\nfrom functools import reduce\n"),
                 ("return sum(self.line_total(sku) for sku in self._lines)",
                  "return reduce(lambda total, amount: total + amount, (self.line_total(sku) for sku in self._lines))")],
      "node": [(".reduce((sum, amount) => sum + amount, 0);", ".reduce((sum, amount) => sum + amount);")]}),
    ("mutants/basics", "quantity-of-missing-item-fails",
     "Asking how many of an item the cart holds when it holds none is allowed: the answer is 0.",
     {"python": [("return line.quantity if line else 0", "return line.quantity")],
      "node": [("return line ? line.quantity : 0;", "return line.quantity;")]}),
    ("mutants/basics", "remove-unknown-ignored",
     "Removing an item that is not in the cart must be refused with a CartError.",
     {"python": [("            raise CartError(f\"{sku} is not in the cart\")\n        del self._lines[sku]",
                  "            return\n        del self._lines[sku]")],
      "node": [("      throw new CartError(`${sku} is not in the cart`);\n    }\n    this.#lines.delete(sku);",
                "      return;\n    }\n    this.#lines.delete(sku);")]}),
    ("mutants/basics", "line-total-unknown-is-zero",
     "Asking for the line total of an item that is not in the cart must be refused with a CartError.",
     {"python": [("            raise CartError(f\"{sku} is not in the cart\")\n        gross",
                  "            return 0\n        gross")],
      "node": [("      throw new CartError(`${sku} is not in the cart`);\n    }\n    const gross",
                "      return 0;\n    }\n    const gross")]}),
    ("mutants/basics", "other-price-accepted",
     "Adding an item that is already in the cart, at a different unit price, must be refused with a CartError.",
     {"python": [("        if line.unit_price_cents != unit_price_cents:\n            raise CartError(f\"{sku} is already in the cart at a different price\")\n",
                  "")],
      "node": [("    if (line.unitPriceCents !== unitPriceCents) {\n"
                "      throw new CartError(`${sku} is already in the cart at a different price`);\n    }\n",
                "")]}),

    ("mutants/bulk", "bulk-fifty-off-by-one",
     "The 15% discount starts at exactly 50 of an item: check a line of exactly 50, not only more.",
     {"python": [("BULK_TIERS = ((50, 15), (10, 10))", "BULK_TIERS = ((51, 15), (10, 10))")],
      "node": [("const BULK_TIERS = [[50, 15], [10, 10]];", "const BULK_TIERS = [[51, 15], [10, 10]];")]}),
    ("mutants/bulk", "bulk-discounts-add-up",
     "A line of 50 or more gets 15% off instead of 10%, not both: check the exact total of such a line.",
     {"python": [("        for minimum, percent in BULK_TIERS:\n            if line.quantity >= minimum:\n"
                  "                return gross - percent_of(gross, percent)\n        return gross\n",
                  "        total = gross\n        for minimum, percent in BULK_TIERS:\n            if line.quantity >= minimum:\n"
                  "                total -= percent_of(gross, percent)\n        return total\n")],
      "node": [("    for (const [minimum, percent] of BULK_TIERS) {\n      if (line.quantity >= minimum) {\n"
                "        return gross - percentOf(gross, percent);\n      }\n    }\n    return gross;\n",
                "    let total = gross;\n    for (const [minimum, percent] of BULK_TIERS) {\n      if (line.quantity >= minimum) {\n"
                "        total -= percentOf(gross, percent);\n      }\n    }\n    return total;\n")]}),
    ("mutants/bulk", "subtotal-ignores-bulk",
     "The subtotal is the sum of the line totals after their bulk discounts: check the subtotal of a cart with a discounted line.",
     {"python": [("return sum(self.line_total(sku) for sku in self._lines)",
                  "return sum(line.unit_price_cents * line.quantity for line in self._lines.values())")],
      "node": [("return [...this.#lines.keys()].map((sku) => this.lineTotal(sku)).reduce((sum, amount) => sum + amount, 0);",
                "return [...this.#lines.values()].map((line) => line.unitPriceCents * line.quantity).reduce((sum, amount) => sum + amount, 0);")]}),

    ("mutants/coupons", "coupon-before-bulk",
     "A coupon's percentage is taken off the subtotal after the bulk discounts, not off the undiscounted prices.",
     {"python": [("        return subtotal - percent_of(subtotal, self._coupon.percent_off)\n",
                  "        gross = sum(line.unit_price_cents * line.quantity for line in self._lines.values())\n"
                  "        return subtotal - percent_of(gross, self._coupon.percent_off)\n")],
      "node": [("    return subtotal - percentOf(subtotal, this.#coupon.percentOff);\n",
                "    const gross = [...this.#lines.values()].reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);\n"
                "    return subtotal - percentOf(gross, this.#coupon.percentOff);\n")]}),
    ("mutants/coupons", "refused-coupon-still-counts",
     "A coupon that is refused because it expired must not change what the cart costs.",
     {"python": [("        if today > coupon.expires_on:\n            raise CartError(f\"coupon {coupon.code} expired on {coupon.expires_on.isoformat()}\")\n        self._coupon = coupon\n",
                  "        self._coupon = coupon\n        if today > coupon.expires_on:\n            raise CartError(f\"coupon {coupon.code} expired on {coupon.expires_on.isoformat()}\")\n")],
      "node": [("    if (today > coupon.expiresOn) {\n      throw new CartError(`coupon ${coupon.code} expired on ${coupon.expiresOn}`);\n"
                "    }\n    this.#coupon = coupon;\n",
                "    this.#coupon = coupon;\n    if (today > coupon.expiresOn) {\n"
                "      throw new CartError(`coupon ${coupon.code} expired on ${coupon.expiresOn}`);\n    }\n")]}),

    ("mutants/rounding", "rounds-half-down",
     "A discount of exactly half a cent rounds up, not down.",
     {"python": [("return (amount_cents * percent + 50) // 100", "return (amount_cents * percent + 49) // 100")],
      "node": [("return Math.floor((amountCents * percent + 50) / 100);", "return Math.floor((amountCents * percent + 49) / 100);")]}),
    ("mutants/rounding", "rounds-discount-up",
     "A discount with less than half a cent over a whole cent rounds down to that cent; it is not always rounded up.",
     {"python": [("return (amount_cents * percent + 50) // 100", "return (amount_cents * percent + 99) // 100")],
      "node": [("return Math.floor((amountCents * percent + 50) / 100);", "return Math.floor((amountCents * percent + 99) / 100);")]}),
    ("mutants/rounding", "bulk-rounded-per-item",
     "A bulk discount is worked out on the whole line and rounded once, not rounded for each item and multiplied.",
     {"python": [("                return gross - percent_of(gross, percent)",
                  "                return gross - percent_of(line.unit_price_cents, percent) * line.quantity")],
      "node": [("        return gross - percentOf(gross, percent);",
                "        return gross - percentOf(line.unitPriceCents, percent) * line.quantity;")]}),

    ("mutants/invalid", "fractional-quantity-accepted",
     "A quantity that is not a whole number, such as 1.5, must be refused with a CartError.",
     {"python": [("if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:", "if quantity < 1:")],
      "node": [("if (!Number.isInteger(quantity) || quantity < 1) {", "if (quantity < 1) {")]}),
    ("mutants/invalid", "free-item-refused",
     "A free item (unit price 0) is fine; only a negative price is refused.",
     {"python": [("isinstance(unit_price_cents, bool) or unit_price_cents < 0:", "isinstance(unit_price_cents, bool) or unit_price_cents <= 0:")],
      "node": [("|| unitPriceCents < 0) {", "|| unitPriceCents <= 0) {")]}),
    ("mutants/invalid", "refused-add-still-counts",
     "When adding an item is refused (it is already in the cart at another price), the cart must not change.",
     {"python": [("            raise CartError(f\"{sku} is already in the cart at a different price\")\n        line.quantity += quantity\n",
                  "            line.quantity += quantity\n            raise CartError(f\"{sku} is already in the cart at a different price\")\n        line.quantity += quantity\n")],
      "node": [("      throw new CartError(`${sku} is already in the cart at a different price`);\n    }\n    line.quantity += quantity;\n",
                "      line.quantity += quantity;\n      throw new CartError(`${sku} is already in the cart at a different price`);\n"
                "    }\n    line.quantity += quantity;\n")]}),
    ("mutants/invalid", "cart-error-not-value-error",
     "CartError is a kind of ValueError (in Node.js, of RangeError): code that catches those must catch it too.",
     {"python": [("class CartError(ValueError):", "class CartError(Exception):")],
      "node": [("class CartError extends RangeError {", "class CartError extends Error {")]}),

    # Added with the README's rule marks: the rules that still had no mutant of their own.
    ("mutants/basics", "default-quantity-zero",
     "Adding an item without saying how many adds one of it.",
     {"python": [("def add(self, sku, unit_price_cents, quantity=1):", "def add(self, sku, unit_price_cents, quantity=0):")],
      "node": [("add(sku, unitPriceCents, quantity = 1) {", "add(sku, unitPriceCents, quantity = 0) {")]}),
    ("mutants/coupons", "coupon-percent-as-cents",
     "A coupon takes its percentage off the subtotal: a 10% coupon on a 20.00 cart takes 2.00 off, not 10 cents.",
     {"python": [("return subtotal - percent_of(subtotal, self._coupon.percent_off)", "return subtotal - self._coupon.percent_off")],
      "node": [("return subtotal - percentOf(subtotal, this.#coupon.percentOff);", "return subtotal - this.#coupon.percentOff;")]}),
    ("mutants/coupons", "total-without-coupon-fails",
     "A cart no coupon was applied to costs its subtotal: its total works, and equals the subtotal.",
     {"python": [("        if self._coupon is None:\n            return subtotal\n", "")],
      "node": [("    if (this.#coupon === null) {\n      return subtotal;\n    }\n", "")]}),
    # Added for grader strength: coupons-stack is killed by a suite that only applies the same coupon twice, so a
    # suite never applying a second, different coupon left "replaces any coupon applied before" unchecked.
    ("mutants/coupons", "first-coupon-kept",
     "Applying a coupon replaces any coupon applied before: a second, different coupon is the one that counts, the first is not kept.",
     {"python": [("        self._coupon = coupon\n", "        if self._coupon is None:\n            self._coupon = coupon\n")],
      "node": [("    this.#coupon = coupon;\n", "    if (this.#coupon === null) {\n      this.#coupon = coupon;\n    }\n")]}),
]

# The visible tests' mutants: different bugs from the hidden ones, so passing them proves only the basics.
PUBLIC = [
    ("subtotal-first-line-only",
     "The subtotal adds up every line in the cart, not only the first one.",
     {"python": [("return sum(self.line_total(sku) for sku in self._lines)",
                  "return next((self.line_total(sku) for sku in self._lines), 0)")],
      "node": [("return [...this.#lines.keys()].map((sku) => this.lineTotal(sku)).reduce((sum, amount) => sum + amount, 0);",
                "const first = this.#lines.keys().next();\n    return first.done ? 0 : this.lineTotal(first.value);")]}),
    ("coupon-fixed-ten-percent",
     "A coupon takes off its own percentage, whatever it is, not always 10%.",
     {"python": [("return subtotal - percent_of(subtotal, self._coupon.percent_off)", "return subtotal - percent_of(subtotal, 10)")],
      "node": [("return subtotal - percentOf(subtotal, this.#coupon.percentOff);", "return subtotal - percentOf(subtotal, 10);")]}),
]

# The Go and Java ports of each mutant: the same bug, written as a person would make it in that language.
PORTS = {
    "line-ignores-quantity": {
        "go": [("gross := existing.unitPriceCents * existing.quantity", "gross := existing.unitPriceCents")],
        "java": [("int gross = line.unitPriceCents * line.quantity;", "int gross = line.unitPriceCents;")]},
    "add-replaces-quantity": {
        "go": [("\texisting.quantity += quantity\n", "\texisting.quantity = quantity\n")],
        "java": [("line.quantity += quantity;", "line.quantity = quantity;")]},
    "remove-takes-one": {
        "go": [("\tdelete(c.lines, sku)\n", "\tc.lines[sku].quantity--\n\tif c.lines[sku].quantity > 0 {\n\t\treturn nil\n\t}\n\tdelete(c.lines, sku)\n")],
        "java": [("        lines.remove(sku);\n",
                  "        lines.get(sku).quantity -= 1;\n        if (lines.get(sku).quantity == 0) {\n            lines.remove(sku);\n        }\n")]},
    "bulk-threshold-off-by-one": {
        "go": [("if existing.quantity >= tier[0] {", "if existing.quantity > tier[0] {")],
        "java": [("if (line.quantity >= tier[0]) {", "if (line.quantity > tier[0]) {")]},
    "bulk-counts-whole-cart": {
        "go": [("\t\tif existing.quantity >= tier[0] {",
                "\t\tcount := 0\n\t\tfor _, other := range c.lines {\n\t\t\tcount += other.quantity\n\t\t}\n\t\tif count >= tier[0] {")],
        "java": [("if (line.quantity >= tier[0]) {", "if (lines.values().stream().mapToInt(other -> other.quantity).sum() >= tier[0]) {")]},
    "bulk-tiers-checked-low-first": {
        "go": [("{{50, 15}, {10, 10}}", "{{10, 10}, {50, 15}}")],
        "java": [("{{50, 15}, {10, 10}}", "{{10, 10}, {50, 15}}")]},
    "coupon-day-after-expiry": {
        "go": [("if today.After(coupon.ExpiresOn) {", "if today.Sub(coupon.ExpiresOn).Hours()/24 > 1 {")],
        "java": [("import java.time.LocalDate;\n", "import java.time.LocalDate;\nimport java.time.temporal.ChronoUnit;\n"),
                 ("if (today.isAfter(coupon.expiresOn())) {", "if (ChronoUnit.DAYS.between(coupon.expiresOn(), today) > 1) {")]},
    "coupon-refused-on-expiry-day": {
        "go": [("if today.After(coupon.ExpiresOn) {", "if !today.Before(coupon.ExpiresOn) {")],
        "java": [("if (today.isAfter(coupon.expiresOn())) {", "if (!today.isBefore(coupon.expiresOn())) {")]},
    "coupons-stack": {
        "go": [("\tcoupon *Coupon\n", "\tcoupons []Coupon\n"),
               ("c.coupon = &coupon", "c.coupons = append(c.coupons, coupon)"),
               ("\tif c.coupon == nil {\n\t\treturn subtotal\n\t}\n\treturn subtotal - percentOf(subtotal, c.coupon.PercentOff)\n",
                "\ttotal := subtotal\n\tfor _, coupon := range c.coupons {\n\t\ttotal -= percentOf(total, coupon.PercentOff)\n\t}\n\treturn total\n")],
        "java": [("import java.time.LocalDate;\n", "import java.time.LocalDate;\nimport java.util.ArrayList;\nimport java.util.List;\n"),
                 ("private Coupon coupon = null;", "private final List<Coupon> coupons = new ArrayList<>();"),
                 ("this.coupon = coupon;", "this.coupons.add(coupon);"),
                 ("        if (coupon == null) {\n            return subtotal;\n        }\n"
                  "        return subtotal - percentOf(subtotal, coupon.percentOff());\n",
                  "        int total = subtotal;\n        for (Coupon coupon : coupons) {\n"
                  "            total -= percentOf(total, coupon.percentOff());\n        }\n        return total;\n")]},
    "rounds-half-to-even": {
        "go": [("\t\"fmt\"\n", "\t\"fmt\"\n\t\"math\"\n"),
               ("return (amountCents*percent + 50) / 100", "return int(math.RoundToEven(float64(amountCents*percent) / 100))")],
        "java": [("return (amountCents * percent + 50) / 100;", "return (int) Math.rint(amountCents * percent / 100.0);")]},
    "truncates-cents": {
        "go": [("return (amountCents*percent + 50) / 100", "return amountCents * percent / 100")],
        "java": [("return (amountCents * percent + 50) / 100;", "return amountCents * percent / 100;")]},
    "negative-quantity-accepted": {
        "go": [("if quantity < 1 {", "if quantity == 0 {")],
        "java": [("if (quantity < 1) {", "if (quantity == 0) {")]},
    "zero-quantity-accepted": {
        "go": [("if quantity < 1 {", "if quantity < 0 {")],
        "java": [("if (quantity < 1) {", "if (quantity < 0) {")]},
    "negative-price-accepted": {
        "go": [("\tif unitPriceCents < 0 {\n\t\treturn refuse(\"unit price must be 0 cents or more, got %d\", unitPriceCents)\n\t}\n", "")],
        "java": [("        if (unitPriceCents < 0) {\n"
                  "            throw new CartError(\"unit price must be 0 cents or more, got \" + unitPriceCents);\n        }\n", "")]},
    "subtotal-keeps-last-line": {
        "go": [("\t\tsum += amount\n", "\t\tsum = amount\n")],
        "java": [("return lines.keySet().stream().mapToInt(this::lineTotal).sum();",
                  "int total = 0;\n        for (String sku : lines.keySet()) {\n            total = lineTotal(sku);\n        }\n"
                  "        return total;")]},
    "empty-cart-fails": {
        "go": [("\tsum := 0\n\tfor _, sku := range c.order {", "\tsum, _ := c.LineTotal(c.order[0])\n\tfor _, sku := range c.order[1:] {")],
        "java": [(".mapToInt(this::lineTotal).sum();", ".map(this::lineTotal).reduce(Integer::sum).orElseThrow();")]},
    "quantity-of-missing-item-fails": {
        "go": [("\tif existing, ok := c.lines[sku]; ok {\n\t\treturn existing.quantity\n\t}\n\treturn 0\n",
                "\treturn c.lines[sku].quantity\n")],
        "java": [("return line != null ? line.quantity : 0;", "return line.quantity;")]},
    "remove-unknown-ignored": {
        "go": [("\t\treturn refuse(\"%s is not in the cart\", sku)\n\t}\n\tdelete", "\t\treturn nil\n\t}\n\tdelete")],
        "java": [("            throw new CartError(sku + \" is not in the cart\");\n        }\n        lines.remove(sku);",
                  "            return;\n        }\n        lines.remove(sku);")]},
    "line-total-unknown-is-zero": {
        "go": [("return 0, refuse(\"%s is not in the cart\", sku)", "return 0, nil")],
        "java": [("            throw new CartError(sku + \" is not in the cart\");\n        }\n        int gross",
                  "            return 0;\n        }\n        int gross")]},
    "other-price-accepted": {
        "go": [("\tif existing.unitPriceCents != unitPriceCents {\n"
                "\t\treturn refuse(\"%s is already in the cart at a different price\", sku)\n\t}\n", "")],
        "java": [("        if (line.unitPriceCents != unitPriceCents) {\n"
                  "            throw new CartError(sku + \" is already in the cart at a different price\");\n        }\n", "")]},
    "bulk-fifty-off-by-one": {
        "go": [("{{50, 15}, {10, 10}}", "{{51, 15}, {10, 10}}")],
        "java": [("{{50, 15}, {10, 10}}", "{{51, 15}, {10, 10}}")]},
    "bulk-discounts-add-up": {
        "go": [("\tfor _, tier := range bulkTiers {\n\t\tif existing.quantity >= tier[0] {\n"
                "\t\t\treturn gross - percentOf(gross, tier[1]), nil\n\t\t}\n\t}\n\treturn gross, nil\n",
                "\ttotal := gross\n\tfor _, tier := range bulkTiers {\n\t\tif existing.quantity >= tier[0] {\n"
                "\t\t\ttotal -= percentOf(gross, tier[1])\n\t\t}\n\t}\n\treturn total, nil\n")],
        "java": [("        for (int[] tier : BULK_TIERS) {\n            if (line.quantity >= tier[0]) {\n"
                  "                return gross - percentOf(gross, tier[1]);\n            }\n        }\n        return gross;\n",
                  "        int total = gross;\n        for (int[] tier : BULK_TIERS) {\n            if (line.quantity >= tier[0]) {\n"
                  "                total -= percentOf(gross, tier[1]);\n            }\n        }\n        return total;\n")]},
    "subtotal-ignores-bulk": {
        "go": [("\t\tamount, _ := c.LineTotal(sku)\n", "\t\tamount := c.lines[sku].unitPriceCents * c.lines[sku].quantity\n")],
        "java": [(".mapToInt(this::lineTotal).sum();", ".mapToInt(sku -> lines.get(sku).unitPriceCents * lines.get(sku).quantity).sum();")]},
    "coupon-before-bulk": {
        "go": [("\treturn subtotal - percentOf(subtotal, c.coupon.PercentOff)\n",
                "\tgross := 0\n\tfor _, l := range c.lines {\n\t\tgross += l.unitPriceCents * l.quantity\n\t}\n"
                "\treturn subtotal - percentOf(gross, c.coupon.PercentOff)\n")],
        "java": [("        return subtotal - percentOf(subtotal, coupon.percentOff());\n",
                  "        int gross = lines.values().stream().mapToInt(l -> l.unitPriceCents * l.quantity).sum();\n"
                  "        return subtotal - percentOf(gross, coupon.percentOff());\n")]},
    "refused-coupon-still-counts": {
        "go": [("\tif today.After(coupon.ExpiresOn) {\n", "\tc.coupon = &coupon\n\tif today.After(coupon.ExpiresOn) {\n"),
               ("\t}\n\tc.coupon = &coupon\n", "\t}\n")],
        "java": [("        if (today.isAfter(coupon.expiresOn())) {\n", "        this.coupon = coupon;\n        if (today.isAfter(coupon.expiresOn())) {\n"),
                 ("        }\n        this.coupon = coupon;\n", "        }\n")]},
    "rounds-half-down": {
        "go": [("return (amountCents*percent + 50) / 100", "return (amountCents*percent + 49) / 100")],
        "java": [("return (amountCents * percent + 50) / 100;", "return (amountCents * percent + 49) / 100;")]},
    "rounds-discount-up": {
        "go": [("return (amountCents*percent + 50) / 100", "return (amountCents*percent + 99) / 100")],
        "java": [("return (amountCents * percent + 50) / 100;", "return (amountCents * percent + 99) / 100;")]},
    "bulk-rounded-per-item": {
        "go": [("return gross - percentOf(gross, tier[1]), nil",
                "return gross - percentOf(existing.unitPriceCents, tier[1])*existing.quantity, nil")],
        "java": [("return gross - percentOf(gross, tier[1]);", "return gross - percentOf(line.unitPriceCents, tier[1]) * line.quantity;")]},
    "free-item-refused": {
        "go": [("if unitPriceCents < 0 {", "if unitPriceCents <= 0 {")],
        "java": [("if (unitPriceCents < 0) {", "if (unitPriceCents <= 0) {")]},
    "refused-add-still-counts": {
        "go": [("\t\treturn refuse(\"%s is already in the cart at a different price\", sku)\n",
                "\t\texisting.quantity += quantity\n\t\treturn refuse(\"%s is already in the cart at a different price\", sku)\n")],
        "java": [("            throw new CartError(sku + \" is already in the cart at a different price\");\n",
                  "            line.quantity += quantity;\n            throw new CartError(sku + \" is already in the cart at a different price\");\n")]},
    "cart-error-not-value-error": {
        "java": [("extends IllegalArgumentException {", "extends RuntimeException {")]},
    "default-quantity-zero": {
        "java": [("add(sku, unitPriceCents, 1);", "add(sku, unitPriceCents, 0);")]},
    "coupon-percent-as-cents": {
        "go": [("return subtotal - percentOf(subtotal, c.coupon.PercentOff)", "return subtotal - c.coupon.PercentOff")],
        "java": [("return subtotal - percentOf(subtotal, coupon.percentOff());", "return subtotal - coupon.percentOff();")]},
    "total-without-coupon-fails": {
        "go": [("\tif c.coupon == nil {\n\t\treturn subtotal\n\t}\n", "")],
        "java": [("        if (coupon == null) {\n            return subtotal;\n        }\n", "")]},
    "first-coupon-kept": {
        "go": [("\tc.coupon = &coupon\n", "\tif c.coupon == nil {\n\t\tc.coupon = &coupon\n\t}\n")],
        "java": [("        this.coupon = coupon;\n", "        if (this.coupon == null) {\n            this.coupon = coupon;\n        }\n")]},
    "subtotal-first-line-only": {
        "go": [("\tsum := 0\n\tfor _, sku := range c.order {\n\t\tamount, _ := c.LineTotal(sku)\n\t\tsum += amount\n\t}\n\treturn sum\n",
                "\tif len(c.order) == 0 {\n\t\treturn 0\n\t}\n\tfirst, _ := c.LineTotal(c.order[0])\n\treturn first\n")],
        "java": [(".stream().mapToInt(this::lineTotal).sum();", ".stream().limit(1).mapToInt(this::lineTotal).sum();")]},
    "coupon-fixed-ten-percent": {
        "go": [("return subtotal - percentOf(subtotal, c.coupon.PercentOff)", "return subtotal - percentOf(subtotal, 10)")],
        "java": [("return subtotal - percentOf(subtotal, coupon.percentOff());", "return subtotal - percentOf(subtotal, 10);")]},
}

# The mutants that cannot exist in a language, and why; every other mutant must have a port in every language.
NOT_PORTED = {
    "fractional-quantity-accepted": {"go": "a quantity is an int: 1.5 does not compile",
                                     "java": "a quantity is an int: 1.5 does not compile"},
    "cart-error-not-value-error": {"go": "Go errors have no class hierarchy; CartError is a type of its own"},
    "default-quantity-zero": {"go": "Go has no default arguments: Add always takes a quantity"},
}


def mutate(language, name, replacements):
    text = REFERENCES[language]
    for old, new in replacements:
        count = text.count(old)
        if count != 1:
            sys.exit(f"{name} ({language}): replacement {old!r} matches {count} times in the reference; it must match once")
        text = text.replace(old, new)
    return text


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python_behaviour(path):
    """A fingerprint of a cart.py's behaviour over cases that reach every rule (fingerprint.js has the same cases)."""
    module = load(path, "cart_" + path.parent.name.replace("-", "_"))
    results = []

    def attempt(action):
        try:
            results.append(action())
        except module.CartError:
            results.append("CartError")
        except Exception:
            results.append("error")

    def day(number):
        return date(2030, 1, number)

    for quantities in ([1], [3], [9], [10], [11], [49], [50], [60], [6, 6], [2, 10]):
        cart = module.Cart()
        for index, quantity in enumerate(quantities):
            cart.add(f"sku{index}", 1005, quantity)
        attempt(lambda: (cart.subtotal(), cart.total()))
    cart = module.Cart()
    cart.add("a", 1005, 2)
    cart.add("a", 1005, 3)
    attempt(lambda: cart.add("b", 999))
    attempt(lambda: (cart.quantity("a"), cart.subtotal()))
    cart.remove("a")
    attempt(lambda: (cart.quantity("a"), cart.subtotal()))
    for delta in (-1, 0, 1, 2):
        cart = module.Cart()
        cart.add("a", 2000, 1)
        attempt(lambda: cart.apply_coupon(module.Coupon("C", 10, day(10)), day(10 + delta)) or cart.total())
    cart = module.Cart()
    cart.add("a", 1000, 1)
    coupon = module.Coupon("C", 10, day(10))
    cart.apply_coupon(coupon, day(1))
    cart.apply_coupon(coupon, day(1))
    attempt(cart.total)
    cart = module.Cart()
    cart.add("a", 1000, 1)
    cart.apply_coupon(module.Coupon("BIG", 25, day(10)), day(1))
    cart.apply_coupon(module.Coupon("C", 10, day(10)), day(1))
    attempt(cart.total)
    for price, percent in ((1005, 10), (1015, 10), (1007, 10), (1000, 25)):
        cart = module.Cart()
        cart.add("a", price, 1)
        cart.apply_coupon(module.Coupon("C", percent, day(10)), day(1))
        attempt(cart.total)
    for quantity, price in ((0, 100), (-1, 100), (1, -1), (1, 0), (1.5, 100)):
        cart = module.Cart()
        attempt(lambda: cart.add("a", price, quantity) or cart.subtotal())
    cart = module.Cart()
    cart.add("a", 100, 2)
    attempt(lambda: cart.add("a", 120, 1))
    attempt(lambda: cart.quantity("a"))
    attempt(lambda: cart.quantity("missing"))
    attempt(lambda: cart.remove("missing"))
    attempt(lambda: cart.line_total("missing"))
    cart = module.Cart()
    cart.add("a", 100, 10)
    cart.add("b", 333, 1)
    attempt(lambda: (cart.subtotal(), cart.total()))
    cart.apply_coupon(module.Coupon("C", 10, day(10)), day(1))
    attempt(cart.total)
    cart = module.Cart()
    cart.add("a", 1000, 1)
    attempt(lambda: cart.apply_coupon(module.Coupon("OLD", 50, day(10)), day(11)))
    attempt(cart.total)
    for price in (1003, 1005, 105):
        cart = module.Cart()
        cart.add("a", price, 10)
        attempt(lambda: cart.line_total("a"))
    results.append(issubclass(module.CartError, ValueError))
    attempt(lambda: (module.Cart().subtotal(), module.Cart().total()))
    return json.loads(json.dumps(results))


def node_behaviour(path):
    run = subprocess.run(["node", str(HERE / "fingerprint.js"), str(path)], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"fingerprint.js failed on {path}:\n{run.stderr}")
    return json.loads(run.stdout)


BEHAVIOUR = {"python": python_behaviour, "node": node_behaviour}

# How the reference suite of a compiled language runs, in a copy of reference/<language>/ with the cart replaced.
SUITES = {
    "go": ["go", "test", "."],
    "java": ["sh", "-c", "javac -d out *.java && java -cp out CartTest"],
}


# How the cart alone is compiled, so that a mutant is killed by its bug and never by a compile error.
BUILDS = {
    "go": ["go", "build", "."],
    "java": ["javac", "-d", "out", "Cart.java"],
}


def suite_passes(language, cart):
    """Whether the reference test suite of `language` passes on the cart file at `cart`, which must compile."""
    with tempfile.TemporaryDirectory() as scratch:
        work = pathlib.Path(scratch) / "work"
        shutil.copytree(HERE / "reference" / language, work)
        shutil.copyfile(cart, work / FILES[language])
        build = subprocess.run(BUILDS[language], cwd=work, capture_output=True, text=True)
        if build.returncode != 0:
            sys.exit(f"{cart} does not compile:\n{build.stderr}")
        run = subprocess.run(SUITES[language], cwd=work, capture_output=True, text=True)
        return run.returncode == 0


def ports_of(name, replacements):
    """The mutant's replacements in every language, the Go and Java ones from PORTS; a language without one must be
    in NOT_PORTED with the reason."""
    ports = dict(replacements, **PORTS.get(name, {}))
    for language in FILES:
        if (language in ports) == (language in NOT_PORTED.get(name, {})):
            sys.exit(f"mutant {name}: give it a {language} port in PORTS or a reason in NOT_PORTED, not both or neither")
    return ports


def write(directory, name, about, replacements):
    target = directory / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for language, port in ports_of(name, replacements).items():
        (target / language).mkdir()
        (target / language / FILES[language]).write_text(mutate(language, name, port))
    (target / "about.txt").write_text(about + "\n")
    return target


def alike(behaviours):
    """Whether fingerprints from different languages agree (1.5 * 100 is 150.0 in Python and 150 in Node.js)."""
    first, *rest = behaviours
    return all(other == first for other in rest)


def main():
    shutil.rmtree(HERE / "mutants", ignore_errors=True)
    shutil.rmtree(LAB / "tests" / "mutants", ignore_errors=True)
    expected = {language: BEHAVIOUR[language](HERE / "impl" / "reference" / language / FILES[language])
                for language in FINGERPRINTED}
    if not alike(expected.values()):
        sys.exit("the Python and Node.js references do not behave alike")
    for equivalent in sorted((HERE / "impl").iterdir()):
        for language, file in FILES.items():
            cart = equivalent / language / file
            if language in FINGERPRINTED:
                if BEHAVIOUR[language](cart) != expected[language]:
                    sys.exit(f"{equivalent.name}/{language}/{file} does not behave like the reference")
            elif not suite_passes(language, cart):
                sys.exit(f"the {language} reference suite fails on {equivalent.name}/{language}/{file}")
    written = [write(HERE / group, name, about, replacements) for group, name, about, replacements in MUTANTS]
    written += [write(LAB / "tests" / "mutants", name, about, replacements) for name, about, replacements in PUBLIC]
    for target in written:
        ports = {language: BEHAVIOUR[language](target / language / FILES[language]) for language in FINGERPRINTED}
        for language, behaviour in ports.items():
            if behaviour == expected[language]:
                sys.exit(f"mutant {target.name} ({language}) behaves like the reference on every case; nobody could kill it")
        if not alike(ports.values()):
            sys.exit(f"mutant {target.name} behaves differently in Python and Node.js: {ports}")
        for language in FILES:
            cart = target / language / FILES[language]
            if language not in FINGERPRINTED and cart.exists() and suite_passes(language, cart):
                sys.exit(f"mutant {target.name} ({language}): the reference suite passes on it; nobody could kill it")
    print(f"wrote {len(written)} mutants in {len(FILES)} languages ({sum(len(reasons) for reasons in NOT_PORTED.values())} "
          f"ports left out in NOT_PORTED); Python and Node.js differ from the reference the same way, the Go and Java "
          f"reference suites kill every mutant, every equivalent passes")


if __name__ == "__main__":
    main()
