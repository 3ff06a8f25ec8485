'use strict';
// Shopping-cart pricing, written differently from the reference but with exactly the same behaviour.
//
// Lines are kept in an array in the order they were added, and rounding goes through Math.round. A test suite that
// checks behaviour through the public interface passes here; one that inspects other properties does not.

class CartError extends RangeError {
  constructor(message) {
    super(message);
    this.name = 'CartError';
  }
}

class Coupon {
  constructor(code, percentOff, expiresOn) {
    Object.assign(this, { code, percentOff, expiresOn });
    Object.freeze(this);
  }
}

const isWhole = (value) => typeof value === 'number' && Number.isInteger(value);

// amount * percent is a whole number, so dividing by 100 lands exactly on .5 or at least 0.01 away from it.
const discount = (amount, percent) => Math.round((amount * percent) / 100);

function bulkPercent(quantity) {
  if (quantity >= 50) return 15;
  if (quantity >= 10) return 10;
  return 0;
}

class Cart {
  constructor() {
    this.entries = [];
    this.activeCoupon = undefined;
  }

  find(sku) {
    return this.entries.find((entry) => entry[0] === sku);
  }

  add(sku, unitPriceCents, quantity = 1) {
    if (!isWhole(quantity) || quantity <= 0) {
      throw new CartError(`quantity must be a whole number of at least 1, got ${quantity}`);
    }
    if (!isWhole(unitPriceCents) || unitPriceCents < 0) {
      throw new CartError(`unit price must be a whole number of cents, 0 or more, got ${unitPriceCents}`);
    }
    const entry = this.find(sku);
    if (entry === undefined) {
      this.entries.push([sku, unitPriceCents, quantity]);
    } else if (entry[1] === unitPriceCents) {
      entry[2] = entry[2] + quantity;
    } else {
      throw new CartError(`${sku} is already in the cart at a different price`);
    }
  }

  remove(sku) {
    const index = this.entries.findIndex((entry) => entry[0] === sku);
    if (index < 0) {
      throw new CartError(`${sku} is not in the cart`);
    }
    this.entries.splice(index, 1);
  }

  quantity(sku) {
    const entry = this.find(sku);
    return entry === undefined ? 0 : entry[2];
  }

  lineTotal(sku) {
    const entry = this.find(sku);
    if (entry === undefined) {
      throw new CartError(`${sku} is not in the cart`);
    }
    const [, price, count] = entry;
    const gross = price * count;
    return gross - discount(gross, bulkPercent(count));
  }

  subtotal() {
    let total = 0;
    for (const entry of this.entries) {
      total += this.lineTotal(entry[0]);
    }
    return total;
  }

  applyCoupon(coupon, today) {
    if (!(today <= coupon.expiresOn)) {
      throw new CartError(`coupon ${coupon.code} expired on ${coupon.expiresOn}`);
    }
    this.activeCoupon = coupon;
  }

  total() {
    let amount = this.subtotal();
    if (this.activeCoupon !== undefined) {
      amount -= discount(amount, this.activeCoupon.percentOff);
    }
    return amount;
  }
}

module.exports = { Cart, CartError, Coupon };
