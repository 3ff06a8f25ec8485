// The new implementation of GET /quote, on the new catalog (data/catalog.json). Reference solution.
"use strict";
const fs = require("fs");
const path = require("path");

const CATALOG = JSON.parse(fs.readFileSync(path.join(__dirname, "data", "catalog.json"), "utf8"));
const PRICES = new Map(CATALOG.products.map((p) => [p.sku, p.price]));
const TIERS = [...CATALOG.volume_discounts].sort((a, b) => b.min_qty - a.min_qty);

const cents = (text) => {
  const [whole, fraction = ""] = text.split(".");
  return Number(whole) * 100 + Number((fraction + "00").slice(0, 2));
};
const money = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;

function roundHalfEven(numerator, denominator) {
  let quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  if (2 * remainder > denominator || (2 * remainder === denominator && quotient % 2 === 1)) quotient += 1;
  return quotient;
}

// query: URLSearchParams. Returns [status, JSON document].
function quote(query) {
  const sku = query.get("sku") || "";
  if (!PRICES.has(sku)) return [200, { error: "UNKNOWN_SKU", code: "E102" }];
  const qtyText = query.get("qty") || "";
  // The one intended change from legacy: a quantity of 0 is refused (legacy quoted 0.00).
  if (!/^[0-9]+$/.test(qtyText) || Number(qtyText) < 1 || Number(qtyText) > 9999) {
    return [200, { error: "BAD_QTY", code: "E101" }];
  }
  const qty = Number(qtyText);
  const country = (query.get("country") || "DE").toUpperCase();
  const tier = TIERS.find((t) => qty >= t.min_qty);
  const percent = tier ? tier.percent : 0;
  // Legacy rounds the discounted unit price half up to a cent, then multiplies: keep that order.
  const unit = Math.floor((cents(PRICES.get(sku)) * (100 - percent) + 50) / 100);
  const net = unit * qty;
  const vat = roundHalfEven(net * (CATALOG.vat_percent[country] || 0), 100);
  return [200, {
    sku, qty, country, currency: CATALOG.currency, customer: query.get("customer") || null,
    unit_price: money(unit), discount_pct: percent, net: money(net), vat: money(vat), total: money(net + vat),
    generated_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  }];
}

module.exports = { quote, CATALOG };
