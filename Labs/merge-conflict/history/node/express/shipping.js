// Shipping costs for the shop: `node shipping.js` reads WEIGHT ZONE [express] lines and prints each cost.
const RATE_PER_KG = { domestic: 1.5, international: 4.0 };
const EXPRESS_SURCHARGE = 5.0;

// The cost in euros of shipping a parcel; express costs double the standard price plus a surcharge.
function shippingCost(weightKg, zone, express = false) {
  let cost = weightKg * RATE_PER_KG[zone];
  if (express) cost = cost * 2 + EXPRESS_SURCHARGE;
  return Math.round(cost * 100) / 100;
}

function main() {
  const input = require("fs").readFileSync(0, "utf8");
  for (const line of input.split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === "") continue;
    const express = parts[2] === "express";
    console.log(shippingCost(Number(parts[0]), parts[1], express).toFixed(2));
  }
}

module.exports = { shippingCost };
if (require.main === module) main();
