'use strict';
// A strong test suite for cart.js: every rule, on both sides of every threshold, through the public interface only.

const { beforeEach, describe, test } = require('node:test');
const assert = require('node:assert/strict');

const { Cart, CartError, Coupon } = require('./cart');

const EXPIRY = '2030-06-30';

function cartWith(...lines) {
  const cart = new Cart();
  for (const [sku, price, quantity] of lines) {
    cart.add(sku, price, quantity);
  }
  return cart;
}

describe('cart basics', () => {
  test('a new cart is empty', () => {
    const cart = new Cart();
    assert.equal(cart.subtotal(), 0);
    assert.equal(cart.total(), 0);
    assert.equal(cart.quantity('apple'), 0);
  });

  test('the quantity defaults to one', () => {
    const cart = new Cart();
    cart.add('lamp', 2000);
    assert.equal(cart.quantity('lamp'), 1);
    assert.equal(cart.lineTotal('lamp'), 2000);
  });

  test('a line total is price times quantity', () => {
    const cart = cartWith(['apple', 125, 3]);
    assert.equal(cart.lineTotal('apple'), 375);
    assert.equal(cart.subtotal(), 375);
  });

  test('the subtotal adds every line', () => {
    const cart = cartWith(['apple', 125, 3], ['pear', 200, 1], ['plum', 50, 2]);
    assert.equal(cart.subtotal(), 375 + 200 + 100);
    assert.equal(cart.total(), 675);
  });

  test('adding again adds to the quantity', () => {
    const cart = cartWith(['apple', 125, 2], ['apple', 125, 3]);
    assert.equal(cart.quantity('apple'), 5);
    assert.equal(cart.lineTotal('apple'), 625);
  });

  test('adding again at another price is refused', () => {
    const cart = cartWith(['apple', 125, 2]);
    assert.throws(() => cart.add('apple', 130, 1), CartError);
    assert.equal(cart.quantity('apple'), 2);
  });

  test('remove takes the whole line', () => {
    const cart = cartWith(['apple', 125, 3], ['pear', 200, 1]);
    cart.remove('apple');
    assert.equal(cart.quantity('apple'), 0);
    assert.equal(cart.subtotal(), 200);
    assert.throws(() => cart.lineTotal('apple'), CartError);
  });

  test('removing an unknown item is refused', () => {
    assert.throws(() => new Cart().remove('apple'), CartError);
  });
});

describe('bulk discounts', () => {
  test('no discount below ten', () => {
    assert.equal(cartWith(['bolt', 100, 9]).lineTotal('bolt'), 900);
  });

  test('ten percent from exactly ten', () => {
    assert.equal(cartWith(['bolt', 100, 10]).lineTotal('bolt'), 900);
    assert.equal(cartWith(['bolt', 100, 11]).lineTotal('bolt'), 990);
  });

  test('below fifty stays at ten percent', () => {
    assert.equal(cartWith(['bolt', 100, 49]).lineTotal('bolt'), 4410);
  });

  test('fifteen percent from exactly fifty', () => {
    assert.equal(cartWith(['bolt', 100, 50]).lineTotal('bolt'), 4250);
    assert.equal(cartWith(['bolt', 100, 60]).lineTotal('bolt'), 5100);
  });

  test('the discount is per line, not per cart', () => {
    const cart = cartWith(['bolt', 100, 6], ['nut', 10, 6]);
    assert.equal(cart.lineTotal('bolt'), 600);
    assert.equal(cart.subtotal(), 660);
  });

  test('the subtotal uses the discounted lines', () => {
    const cart = cartWith(['bolt', 100, 10], ['washer', 20, 50], ['nut', 10, 3]);
    assert.equal(cart.subtotal(), 900 + 850 + 30);
  });

  test('each line gets its own discount', () => {
    const cart = cartWith(['bolt', 100, 10], ['nut', 10, 3]);
    assert.equal(cart.lineTotal('bolt'), 900);
    assert.equal(cart.lineTotal('nut'), 30);
  });
});

describe('coupons', () => {
  let cart;
  let coupon;
  beforeEach(() => {
    cart = cartWith(['lamp', 2000, 1]);
    coupon = new Coupon('SUMMER', 10, EXPIRY);
  });

  test('a coupon takes its percentage off the total', () => {
    cart.applyCoupon(coupon, '2030-06-01');
    assert.equal(cart.subtotal(), 2000);
    assert.equal(cart.total(), 1800);
  });

  test('a coupon uses its own percentage', () => {
    cart.applyCoupon(new Coupon('BIG', 25, EXPIRY), '2030-06-01');
    assert.equal(cart.total(), 1500);
  });

  test('a coupon is good on its expiry date', () => {
    cart.applyCoupon(coupon, EXPIRY);
    assert.equal(cart.total(), 1800);
  });

  test('a coupon is refused the day after', () => {
    assert.throws(() => cart.applyCoupon(coupon, '2030-07-01'), CartError);
    assert.equal(cart.total(), 2000);
  });

  test('a second coupon replaces the first', () => {
    cart.applyCoupon(new Coupon('BIG', 25, EXPIRY), '2030-06-01');
    cart.applyCoupon(coupon, '2030-06-01');
    assert.equal(cart.total(), 1800);
  });

  test('the same coupon twice counts once', () => {
    cart.applyCoupon(coupon, '2030-06-01');
    cart.applyCoupon(coupon, '2030-06-01');
    assert.equal(cart.total(), 1800);
  });

  test('a coupon applies after bulk discounts', () => {
    const bulk = cartWith(['bolt', 100, 10]);
    bulk.applyCoupon(coupon, '2030-06-01');
    assert.equal(bulk.total(), 810);
  });
});

describe('rounding', () => {
  function couponTotal(price, percent) {
    const cart = cartWith(['item', price, 1]);
    cart.applyCoupon(new Coupon('C', percent, EXPIRY), '2030-01-01');
    return cart.total();
  }

  test('half a cent rounds up with an even cent below', () => {
    assert.equal(couponTotal(1005, 10), 1005 - 101);
  });

  test('half a cent rounds up with an odd cent below', () => {
    assert.equal(couponTotal(1015, 10), 1015 - 102);
  });

  test('more than half rounds up', () => {
    assert.equal(couponTotal(1007, 10), 1007 - 101);
  });

  test('less than half rounds down', () => {
    assert.equal(couponTotal(1003, 10), 1003 - 100);
  });

  test('a bulk discount is rounded once per line', () => {
    assert.equal(cartWith(['bolt', 105, 10]).lineTotal('bolt'), 1050 - 105);
    assert.equal(cartWith(['bolt', 101, 50]).lineTotal('bolt'), 5050 - 758);
  });
});

describe('invalid input', () => {
  function assertRefused(price, quantity) {
    const cart = new Cart();
    assert.throws(() => cart.add('item', price, quantity), CartError);
    assert.equal(cart.quantity('item'), 0);
  }

  test('a zero quantity is refused', () => {
    assertRefused(100, 0);
  });

  test('a negative quantity is refused', () => {
    assertRefused(100, -1);
  });

  test('a fractional quantity is refused', () => {
    assertRefused(100, 1.5);
  });

  test('a negative price is refused', () => {
    assertRefused(-1, 1);
  });

  test('a free item is fine', () => {
    const cart = cartWith(['sticker', 0, 2]);
    assert.equal(cart.subtotal(), 0);
    assert.equal(cart.quantity('sticker'), 2);
  });

  test('CartError is a RangeError', () => {
    assert.ok(new CartError('refused') instanceof RangeError);
    assert.throws(() => new Cart().add('item', 100, 0), RangeError);
  });
});
