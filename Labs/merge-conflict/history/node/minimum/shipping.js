// Shipping costs for the shop: `node shipping.js` reads WEIGHT ZONE [express] lines and prints each cost.
const RATE_PER_KG = { domestic: 1.2, international: 4.0 };
const MINIMUM_CHARGE = 4.0;

// The cost in euros of shipping a parcel, never less than the minimum charge.
function shippingCost(weightKg, zone) {
  const cost = Math.max(weightKg * RATE_PER_KG[zone], MINIMUM_CHARGE);
  return Math.round(cost * 100) / 100;
}

function main() {
  const input = require("fs").readFileSync(0, "utf8");
  for (const line of input.split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === "") continue;
    console.log(shippingCost(Number(parts[0]), parts[1]).toFixed(2));
  }
}

module.exports = { shippingCost };
if (require.main === module) main();
