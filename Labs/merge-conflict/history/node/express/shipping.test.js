const test = require("node:test");
const assert = require("node:assert");
const { shippingCost } = require("./shipping");

test("international rate", () => assert.strictEqual(shippingCost(2, "international"), 8));
test("domestic rate", () => assert.strictEqual(shippingCost(10, "domestic"), 15));
test("express doubles and adds the surcharge", () => assert.strictEqual(shippingCost(3, "international", true), 29));
