// Coupon codes, applied to a subtotal before tax: SAVE10 takes 10 percent off (rounded to the nearest cent),
// FIVEOFF takes 500 cents off; a total never goes below zero.
const COUPONS = { SAVE10: ["percent", 10], FIVEOFF: ["fixed", 500] };

function applyCoupon(cents, code) {
  if (!(code in COUPONS)) throw new Error(`unknown coupon ${code}`);
  const [kind, amount] = COUPONS[code];
  if (kind === "percent") return cents - Math.floor((cents * amount + 50) / 100);
  return Math.max(cents - amount, 0);
}

module.exports = { applyCoupon };
