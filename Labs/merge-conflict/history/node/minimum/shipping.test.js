const test = require("node:test");
const assert = require("node:assert");
const { shippingCost } = require("./shipping");

test("international rate", () => assert.strictEqual(shippingCost(2, "international"), 8));
test("domestic rate", () => assert.strictEqual(shippingCost(10, "domestic"), 12));
test("minimum charge", () => assert.strictEqual(shippingCost(1, "domestic"), 4));
