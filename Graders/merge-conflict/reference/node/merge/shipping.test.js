const test = require("node:test");
const assert = require("node:assert");
const { shippingCost } = require("./shipping");

test("international rate", () => assert.strictEqual(shippingCost(2, "international"), 8));
test("domestic rate", () => assert.strictEqual(shippingCost(10, "domestic"), 12));
test("minimum charge", () => assert.strictEqual(shippingCost(1, "domestic"), 4));
test("express doubles and adds the surcharge", () => assert.strictEqual(shippingCost(3, "international", true), 29));
test("express on a parcel at the minimum", () => assert.strictEqual(shippingCost(1, "domestic", true), 13));
