// Reference solution for integration-pipeline: routes and transforms a legacy XML feed for the JSON API.
"use strict";
const fs = require("fs");
const { parseXml, XmlError } = require("./xml");

const EU = new Set([
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
  "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
]);
const REVIEW_CENTS = 1000000;
const IDENT = /^[A-Z0-9-]+$/;
const PRICE = /^[0-9]+\.[0-9]{2}$/;
const QTY = /^[0-9]+$/;
const WHEN = /^([0-9]{4})([0-9]{2})([0-9]{2}) ([0-9]{2})([0-9]{2})$/;
const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;

// A message that goes to the dead-letter channel, with the reason.
class Rejected extends Error {}

function text(element, tag) {
  const child = element.find(tag);
  const value = child ? child.text.trim() : "";
  if (value === "") throw new Rejected(`missing-field:${tag}`);
  return value;
}

function attribute(element, name, field = name) {
  const value = (element.attributes[name] || "").trim();
  if (value === "") throw new Rejected(`missing-field:${field}`);
  return value;
}

function valid(value, pattern, field) {
  if (!pattern.test(value)) throw new Rejected(`invalid-field:${field}`);
  return value;
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

// Legacy time `YYYYMMDD HHMM` in CET (UTC+01:00 all year) as ISO 8601 UTC.
function utc(value, field) {
  const match = WHEN.exec(value);
  if (!match) throw new Rejected(`invalid-field:${field}`);
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59) {
    throw new Rejected(`invalid-field:${field}`);
  }
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute) - 3600 * 1000);
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00Z`;
}

function cents(price) {
  const [whole, fraction] = valid(price, PRICE, "price").split(".");
  return Number(whole) * 100 + Number(fraction);
}

function part(message, tag) {
  const body = message.find(tag);
  if (!body) throw new Rejected(`missing-field:${tag}`);
  return body;
}

function order(message) {
  const body = part(message, "order");
  const number = valid(text(body, "number"), IDENT, "number");
  const customer = body.find("customer");
  if (!customer) throw new Rejected("missing-field:customer");
  const code = valid(attribute(customer, "code", "customer"), IDENT, "customer");
  const country = valid(attribute(customer, "country"), COUNTRY, "country");
  const placed = utc(text(body, "placed"), "placed");
  const currency = valid(text(body, "currency"), CURRENCY, "currency");
  const items = body.find("lines");
  const entries = items ? items.findAll("line") : [];
  if (entries.length === 0) throw new Rejected("missing-field:lines");
  const lines = entries.map((entry) => {
    const sku = attribute(entry, "sku");
    const qty = Number(valid(attribute(entry, "qty"), QTY, "qty"));
    if (qty < 1) throw new Rejected("invalid-field:qty");
    const unit = cents(attribute(entry, "price"));
    return { sku, quantity: qty, unitPriceCents: unit, lineTotalCents: qty * unit };
  });
  const document = {
    orderId: number, customerId: code, country, placedAt: placed, currency, lines,
    totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
  };
  if (document.totalCents >= REVIEW_CENTS) {
    return ["review", "POST", "/api/v2/reviews", { reason: "high-value", order: document }];
  }
  if (!EU.has(country)) return ["export-orders", "POST", "/api/v2/export-orders", document];
  return ["orders", "POST", "/api/v2/orders", document];
}

function cancel(message) {
  const body = part(message, "cancel");
  const number = valid(text(body, "number"), IDENT, "number");
  const at = utc(text(body, "at"), "at");
  const reason = body.find("reason");
  return ["cancellations", "POST", `/api/v2/orders/${number}/cancellation`, { reason: reason ? reason.text.trim() : "", cancelledAt: at }];
}

function address(message) {
  const body = part(message, "address");
  const code = valid(attribute(body, "customer"), IDENT, "customer");
  const fields = { street: text(body, "street"), city: text(body, "city"), postcode: text(body, "postcode") };
  fields.country = valid(text(body, "country"), COUNTRY, "country");
  return ["addresses", "PUT", `/api/v2/customers/${code}/address`, fields];
}

const ROUTES = { ORDER: order, CANCEL: cancel, ADDRESS: address };

// Returns [message id, delivery] or throws Rejected (with .messageId set).
function processLine(line) {
  let messageId = null;
  try {
    if (line.includes("<!DOCTYPE") || line.includes("<!ENTITY")) throw new Rejected("forbidden-doctype");
    let root;
    try {
      root = parseXml(line.trim());
    } catch (error) {
      if (error instanceof XmlError) throw new Rejected("malformed-xml");
      throw error;
    }
    if (root.name !== "message") throw new Rejected("not-a-message");
    messageId = attribute(root, "id");
    const kind = attribute(root, "type");
    if (!Object.prototype.hasOwnProperty.call(ROUTES, kind)) throw new Rejected("unroutable-type");
    return [messageId, ROUTES[kind](root)];
  } catch (error) {
    if (error instanceof Rejected) error.messageId = messageId;
    throw error;
  }
}

function main() {
  const deliveries = [];
  const deadLetters = [];
  const audit = [];
  const deliveredIds = new Set();
  let duplicates = 0;
  fs.readFileSync(0, "utf8").split("\n").forEach((raw, index) => {
    const number = index + 1;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    let messageId;
    let delivery;
    try {
      [messageId, delivery] = processLine(line);
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      deadLetters.push({ line: number, messageId: error.messageId, reason: error.message, payload: line });
      audit.push({ line: number, messageId: error.messageId, outcome: "dead-letter", reason: error.message });
      return;
    }
    if (deliveredIds.has(messageId)) {
      duplicates++;
      audit.push({ line: number, messageId, outcome: "duplicate" });
      return;
    }
    deliveredIds.add(messageId);
    const [route, method, path, body] = delivery;
    deliveries.push({ line: number, messageId, route, method, path, body });
    audit.push({ line: number, messageId, outcome: "delivered", route });
  });
  const summary = { received: audit.length, delivered: deliveries.length, deadLettered: deadLetters.length, duplicates };
  process.stdout.write(JSON.stringify({ deliveries, deadLetters, audit, summary }, null, 1) + "\n");
}

main();
