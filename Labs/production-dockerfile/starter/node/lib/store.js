// Prices come from the company's private pricing package (installed from the private registry).
"use strict";
const { PriceBook } = require("@acme/pricing");

class QuoteStore {
  constructor(databaseUrl) {
    this.book = new PriceBook(databaseUrl);
  }

  async quote(sku) {
    const price = await this.book.lookup(sku);
    return price === null ? null : { sku, price_cents: price };
  }
}

module.exports = { QuoteStore };
