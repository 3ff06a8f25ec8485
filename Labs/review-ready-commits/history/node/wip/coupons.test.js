const test = require("node:test");
const assert = require("node:assert");
const { applyCoupon } = require("./coupons");

test("percent", () => {
  assert.strictEqual(applyCoupon(2000, "SAVE10"), 1800);
  assert.strictEqual(applyCoupon(1998, "SAVE10"), 1798);
});
test("fixed never below zero", () => {
  assert.strictEqual(applyCoupon(2000, "FIVEOFF"), 1500);
  assert.strictEqual(applyCoupon(300, "FIVEOFF"), 0);
});
test("unknown", () => assert.throws(() => applyCoupon(100, "FREE")));
