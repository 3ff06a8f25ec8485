// A shopping cart's arithmetic, in whole cents.

function lineTotal(priceCents, quantity) {
  return priceCents * quantity;
}

// The sum of [priceCents, quantity] lines.
function subtotal(lines) {
  return lines.reduce((sum, [price, quantity]) => sum + lineTotal(price, quantity), 0);
}

// The amount with `ratePercent` tax added, rounded to the nearest cent (half a cent rounds up).
function applyTax(cents, ratePercent) {
  return Math.floor((cents * (100 + ratePercent) + 50) / 100);
}

module.exports = { lineTotal, subtotal, applyTax };
