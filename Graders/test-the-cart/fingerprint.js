'use strict';
// The Node.js half of make-mutants.py: prints, as JSON, what the cart.js at the path given does over cases that reach
// every rule. It is the same list of cases as python_behaviour() in make-mutants.py, so a port of a mutant can be checked
// to be the same bug as the Python one. Not copied into any run.

const path = require('node:path');
const cart = require(path.resolve(process.argv[2]));

const results = [];
function attempt(action) {
  try {
    results.push(action());
  } catch (error) {
    results.push(error instanceof cart.CartError ? 'CartError' : 'error');
  }
}
const day = (d) => `2030-01-${String(d).padStart(2, '0')}`;

for (const quantities of [[1], [3], [9], [10], [11], [49], [50], [60], [6, 6], [2, 10]]) {
  const c = new cart.Cart();
  quantities.forEach((quantity, index) => c.add(`sku${index}`, 1005, quantity));
  attempt(() => [c.subtotal(), c.total()]);
}
let c = new cart.Cart();
c.add('a', 1005, 2);
c.add('a', 1005, 3);
attempt(() => c.add('b', 999));
attempt(() => [c.quantity('a'), c.subtotal()]);
c.remove('a');
attempt(() => [c.quantity('a'), c.subtotal()]);
for (const delta of [-1, 0, 1, 2]) {
  const d = new cart.Cart();
  d.add('a', 2000, 1);
  attempt(() => d.applyCoupon(new cart.Coupon('C', 10, day(10)), day(10 + delta)) || d.total());
}
c = new cart.Cart();
c.add('a', 1000, 1);
const coupon = new cart.Coupon('C', 10, day(10));
c.applyCoupon(coupon, day(1));
c.applyCoupon(coupon, day(1));
attempt(() => c.total());
c = new cart.Cart();
c.add('a', 1000, 1);
c.applyCoupon(new cart.Coupon('BIG', 25, day(10)), day(1));
c.applyCoupon(new cart.Coupon('C', 10, day(10)), day(1));
attempt(() => c.total());
for (const [price, percent] of [[1005, 10], [1015, 10], [1007, 10], [1000, 25]]) {
  const d = new cart.Cart();
  d.add('a', price, 1);
  d.applyCoupon(new cart.Coupon('C', percent, day(10)), day(1));
  attempt(() => d.total());
}
for (const [quantity, price] of [[0, 100], [-1, 100], [1, -1], [1, 0], [1.5, 100]]) {
  const d = new cart.Cart();
  attempt(() => d.add('a', price, quantity) || d.subtotal());
}
c = new cart.Cart();
c.add('a', 100, 2);
attempt(() => c.add('a', 120, 1));
attempt(() => c.quantity('a'));
attempt(() => c.quantity('missing'));
attempt(() => c.remove('missing'));
attempt(() => c.lineTotal('missing'));
c = new cart.Cart();
c.add('a', 100, 10);
c.add('b', 333, 1);
attempt(() => [c.subtotal(), c.total()]);
c.applyCoupon(new cart.Coupon('C', 10, day(10)), day(1));
attempt(() => c.total());
c = new cart.Cart();
c.add('a', 1000, 1);
attempt(() => c.applyCoupon(new cart.Coupon('OLD', 50, day(10)), day(11)));
attempt(() => c.total());
for (const price of [1003, 1005, 105]) {
  const d = new cart.Cart();
  d.add('a', price, 10);
  attempt(() => d.lineTotal('a'));
}
results.push(cart.CartError.prototype instanceof RangeError);
attempt(() => [new cart.Cart().subtotal(), new cart.Cart().total()]);
process.stdout.write(JSON.stringify(results) + '\n');
