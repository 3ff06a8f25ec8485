'use strict';
// Shopping-cart pricing, written differently from the reference but with exactly the same behaviour.
//
// Prices and quantities live in two maps, and a discount is split into whole cents and the remainder before it is
// rounded. A test suite that checks behaviour through the public interface passes here; one that compares source text
// does not.

class CartError extends RangeError {
  constructor(message) {
    super(message);
    this.name = 'CartError';
  }
}

class Coupon {
  constructor(code, percentOff, expiresOn) {
    this.code = code;
    this.percentOff = percentOff;
    this.expiresOn = expiresOn;
    Object.freeze(this);
  }
}

/** `percent`% of `amount` in whole cents: the cents below, plus one when the remainder is half a cent or more. */
function off(amount, percent) {
  const hundredths = amount * percent;
  const cents = Math.floor(hundredths / 100);
  return hundredths - cents * 100 >= 50 ? cents + 1 : cents;
}

class Cart {
  static TIERS = new Map([[10, 10], [50, 15]]);

  constructor() {
    this.prices = new Map();
    this.counts = new Map();
    this.coupon = null;
  }

  add(sku, unitPriceCents, quantity = 1) {
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || !(quantity >= 1)) {
      throw new CartError(`quantity must be a whole number of at least 1, got ${quantity}`);
    }
    if (typeof unitPriceCents !== 'number' || !Number.isInteger(unitPriceCents) || unitPriceCents < 0) {
      throw new CartError(`unit price must be a whole number of cents, 0 or more, got ${unitPriceCents}`);
    }
    if (this.prices.has(sku) && this.prices.get(sku) !== unitPriceCents) {
      throw new CartError(`${sku} is already in the cart at a different price`);
    }
    this.prices.set(sku, unitPriceCents);
    this.counts.set(sku, (this.counts.get(sku) ?? 0) + quantity);
  }

  remove(sku) {
    if (!this.counts.has(sku)) {
      throw new CartError(`${sku} is not in the cart`);
    }
    this.prices.delete(sku);
    this.counts.delete(sku);
  }

  quantity(sku) {
    return this.counts.get(sku) ?? 0;
  }

  lineTotal(sku) {
    if (!this.counts.has(sku)) {
      throw new CartError(`${sku} is not in the cart`);
    }
    const count = this.counts.get(sku);
    const gross = this.prices.get(sku) * count;
    let rate = 0;
    for (const [minimum, percent] of Cart.TIERS) {
      if (count >= minimum) rate = Math.max(rate, percent);
    }
    return gross - off(gross, rate);
  }

  subtotal() {
    return Array.from(this.counts.keys(), (sku) => this.lineTotal(sku)).reduce((a, b) => a + b, 0);
  }

  applyCoupon(coupon, today) {
    if (coupon.expiresOn < today) {
      throw new CartError(`coupon ${coupon.code} expired on ${coupon.expiresOn}`);
    }
    this.coupon = coupon;
  }

  total() {
    const subtotal = this.subtotal();
    return subtotal - (this.coupon === null ? 0 : off(subtotal, this.coupon.percentOff));
  }
}

module.exports = { Cart, CartError, Coupon };
