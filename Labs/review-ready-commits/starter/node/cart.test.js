const test = require("node:test");
const assert = require("node:assert");
const { applyTax, subtotal } = require("./cart");

test("subtotal", () => assert.strictEqual(subtotal([[250, 2], [100, 3]]), 800));
test("tax", () => assert.strictEqual(applyTax(1000, 19), 1190));
