// BILLING 4.2 -- quote and invoice service.  (c) 2009 Finance IT.
// Ported from the mainframe in 2014, and to JavaScript in 2019.  DO NOT CHANGE: every client depends on its
// answers, quirks included.
//
// handle(method, target, headers, body) -> {status, headers: [[name, value]], body: Buffer}
//   method: "GET", "POST", ...; target: the path with its query string; headers: object; body: Buffer
"use strict";
const fs = require("fs");
const path = require("path");

const VAT = { DE: 19, FR: 20, NL: 21, AT: 20, IT: 22 }; // percent; any other country: export, no VAT
const invoices = new Map();
let nextInvoice = 1001;
let requestNo = 0;

function loadPrices() {
  const table = new Map();
  for (const rec of fs.readFileSync(path.join(__dirname, "PRICES.DAT"), "ascii").split("\n")) {
    if (rec.startsWith("*") || rec.length < 24) continue;
    table.set(rec.slice(0, 12).trim(), [Number(rec.slice(12, 21)), rec.slice(21, 24)]);
  }
  return table;
}

const PRICES = loadPrices();

const money = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

function discount(qty) {
  if (qty >= 100) return 15;
  if (qty >= 50) return 10;
  if (qty >= 10) return 5;
  return 0;
}

// rounds half to even, like the mainframe did (COBOL ROUNDED MODE NEAREST-EVEN)
function vatOf(net, rate) {
  let q = Math.floor((net * rate) / 100);
  const r = (net * rate) % 100;
  if (r > 50 || (r === 50 && q % 2 === 1)) q += 1;
  return q;
}

function quote(args) {
  const arg = (name) => args.get(name) || "";
  const sku = arg("sku");
  if (!PRICES.has(sku)) return [200, { error: "UNKNOWN_SKU", code: "E102" }];
  const qtyText = arg("qty");
  if (!/^[0-9]+$/.test(qtyText) || Number(qtyText) > 9999) return [200, { error: "BAD_QTY", code: "E101" }];
  const qty = Number(qtyText);
  const country = (arg("country") || "DE").toUpperCase();
  const [price, currency] = PRICES.get(sku);
  const pct = discount(qty);
  const unit = Math.floor((price * (100 - pct) + 50) / 100);
  const net = unit * qty;
  const vat = vatOf(net, VAT[country] || 0);
  return [200, {
    sku, qty, country, currency, customer: arg("customer") || null,
    unit_price: money(unit), discount_pct: pct, net: money(net), vat: money(vat),
    total: money(net + vat), generated_at: new Date().toISOString().replace(/-|:|\.\d{3}Z$/g, "").replace("T", " "),
  }];
}

function createInvoice(body) {
  let customer;
  let lines;
  try {
    const doc = JSON.parse(body.toString("utf8"));
    customer = doc.customer;
    lines = doc.lines.map((line) => [line.sku, Number.parseInt(line.qty, 10)]);
  } catch (error) {
    return [422, { error: "INVALID_INVOICE" }, []];
  }
  if (typeof customer !== "string" || !customer || lines.length === 0
      || lines.some(([s, q]) => !PRICES.has(s) || !(q >= 1))) {
    return [422, { error: "INVALID_INVOICE" }, []];
  }
  const number = `INV-${nextInvoice++}`;
  const total = lines.reduce((sum, [s, q]) => sum + PRICES.get(s)[0] * q, 0);
  invoices.set(number, { number, customer, lines: lines.map(([sku, qty]) => ({ sku, qty })), total: money(total), status: "OPEN" });
  return [201, invoices.get(number), [["Location", `/invoices/${number}`]]];
}

function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  }
  return value;
}

function handle(method, target, headers, body) {
  requestNo += 1;
  const url = new URL(target, "http://legacy");
  let status;
  let doc;
  let extra = [];
  if (url.pathname === "/health") {
    [status, doc] = [200, { status: "ok", system: "BILLING-4.2" }];
  } else if (url.pathname === "/quote") {
    if (method !== "GET") [status, doc, extra] = [405, { error: "METHOD_NOT_ALLOWED" }, [["Allow", "GET"]]];
    else [status, doc] = quote(url.searchParams);
  } else if (url.pathname === "/invoices" && method === "POST") {
    [status, doc, extra] = createInvoice(body);
  } else if (url.pathname.startsWith("/invoices/") && method === "GET") {
    const found = invoices.get(url.pathname.slice("/invoices/".length));
    [status, doc] = found ? [200, found] : [404, { error: "NOT_FOUND" }];
  } else {
    [status, doc] = [404, { error: "NOT_FOUND" }];
  }
  const payload = Buffer.from(JSON.stringify(sorted(doc)), "latin1");
  const out = [["Content-Type", "application/json;charset=ISO-8859-1"], ["X-Legacy-Version", "4.2.7"],
    ["X-Request-Id", `BIL${String(requestNo).padStart(8, "0")}`], ...extra];
  return { status, headers: out, body: payload };
}

module.exports = { handle };
