'use strict';
// Your tests for cart.js. Ladder grades them by running them against broken versions of cart.js.
//
// Run them with:  node --test
// Each test should arrange a cart, act on it, and assert what the README says must happen.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');

const { Cart, CartError, Coupon } = require('./cart');

describe('cart basics', () => {
  test('a new cart is empty', () => {
    assert.equal(new Cart().subtotal(), 0);
  });

  // TODO stage 1: a line's total is unit price x quantity; adding an item twice adds to its quantity;
  //               removing an item takes the whole line out.
});

describe('discounts and coupons', () => {
  // TODO stage 2: bulk discounts (per line, at 10 and at 50 items) and coupons (expiry date, one at a time).
});

describe('edge cases', () => {
  // TODO stage 3: rounding of half cents, and the quantities and prices the cart must refuse (assert.throws).
});
