const test = require("node:test");
const assert = require("node:assert");
const { applyTax, subtotal } = require("./cart");

test("subtotal", () => assert.strictEqual(subtotal([[250, 2], [100, 3]]), 800));
test("tax", () => assert.strictEqual(applyTax(1000, 19), 1190));
test("tax rounds to the nearest cent", () => {
  assert.strictEqual(applyTax(999, 19), 1189);
  assert.strictEqual(applyTax(1001, 19), 1191);
});
