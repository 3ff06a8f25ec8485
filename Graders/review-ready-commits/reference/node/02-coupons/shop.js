// `node shop.js` reads a cart, one line each: `item PRICE_CENTS QUANTITY`, `tax RATE_PERCENT`, `coupon CODE`; prints the
// total in cents.
const { applyTax, subtotal } = require("./cart");
const { applyCoupon } = require("./coupons");

function main() {
  const lines = [];
  let tax = 0;
  let coupon = null;
  for (const line of require("fs").readFileSync(0, "utf8").split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === "") continue;
    if (parts[0] === "item") lines.push([Number(parts[1]), Number(parts[2])]);
    else if (parts[0] === "tax") tax = Number(parts[1]);
    else if (parts[0] === "coupon") coupon = parts[1];
    else {
      console.error(`unknown line: ${line.trim()}`);
      process.exit(1);
    }
  }
  let total = subtotal(lines);
  if (coupon !== null) total = applyCoupon(total, coupon);
  console.log(String(applyTax(total, tax)));
}

main();
