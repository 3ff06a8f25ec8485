// The new implementation of GET /quote, on the new catalog (data/catalog.json). See README.md.
"use strict";
const fs = require("fs");
const path = require("path");

const CATALOG = JSON.parse(fs.readFileSync(path.join(__dirname, "data", "catalog.json"), "utf8"));

// query: URLSearchParams of the request. Returns [status, JSON document as an object].
// It must answer exactly as legacy/billing.js does for every request, with one intended change (README.md),
// computed from CATALOG, never by calling legacy.
function quote(query) {
  // TODO (stage 2): the quote from CATALOG: product price, volume discount, VAT by country; legacy's error answers.
  return [200, { error: "NOT_IMPLEMENTED" }];
}

module.exports = { quote, CATALOG };
