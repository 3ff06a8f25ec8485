'use strict';
// Shopping-cart pricing: line totals, bulk discounts, coupons and rounding to the cent.
//
// All amounts are integers in cents, so that 0.1 + 0.2 never costs anyone a cent. Dates are calendar days written
// 'YYYY-MM-DD', which compare in date order as strings.

/** A request the cart refuses: a bad quantity or price, an unknown item, an expired coupon. */
class CartError extends RangeError {
  constructor(message) {
    super(message);
    this.name = 'CartError';
  }
}

/** A percentage off the whole cart, usable up to and including `expiresOn`. */
class Coupon {
  constructor(code, percentOff, expiresOn) {
    this.code = code;
    this.percentOff = percentOff;
    this.expiresOn = expiresOn;
    Object.freeze(this);
  }
}

// Bulk discounts per line, largest first: [minimum quantity, percent off].
const BULK_TIERS = [[50, 15], [10, 10]];

/** `percent`% of `amountCents`, rounded to the nearest cent; exact halves round up. */
function percentOf(amountCents, percent) {
  return Math.floor((amountCents * percent + 50) / 100);
}

/** The items a customer is buying, and what they cost. */
class Cart {
  #lines = new Map(); // sku -> { unitPriceCents, quantity }
  #coupon = null;

  /** Adds `quantity` of an item; adding an item already in the cart adds to its quantity. */
  add(sku, unitPriceCents, quantity = 1) {
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw new CartError(`quantity must be a whole number of at least 1, got ${quantity}`);
    }
    if (!Number.isInteger(unitPriceCents) || unitPriceCents < 0) {
      throw new CartError(`unit price must be a whole number of cents, 0 or more, got ${unitPriceCents}`);
    }
    const line = this.#lines.get(sku);
    if (line === undefined) {
      this.#lines.set(sku, { unitPriceCents, quantity });
      return;
    }
    if (line.unitPriceCents !== unitPriceCents) {
      throw new CartError(`${sku} is already in the cart at a different price`);
    }
    line.quantity += quantity;
  }

  /** Takes an item out of the cart entirely. */
  remove(sku) {
    if (!this.#lines.has(sku)) {
      throw new CartError(`${sku} is not in the cart`);
    }
    this.#lines.delete(sku);
  }

  /** How many of `sku` the cart holds (0 when none). */
  quantity(sku) {
    const line = this.#lines.get(sku);
    return line ? line.quantity : 0;
  }

  /** Unit price times quantity, less the line's bulk discount. */
  lineTotal(sku) {
    const line = this.#lines.get(sku);
    if (line === undefined) {
      throw new CartError(`${sku} is not in the cart`);
    }
    const gross = line.unitPriceCents * line.quantity;
    for (const [minimum, percent] of BULK_TIERS) {
      if (line.quantity >= minimum) {
        return gross - percentOf(gross, percent);
      }
    }
    return gross;
  }

  /** The sum of the line totals, before any coupon. */
  subtotal() {
    return [...this.#lines.keys()].map((sku) => this.lineTotal(sku)).reduce((sum, amount) => sum + amount, 0);
  }

  /** Uses `coupon` for this cart from now on, replacing any coupon applied before. */
  applyCoupon(coupon, today) {
    if (today > coupon.expiresOn) {
      throw new CartError(`coupon ${coupon.code} expired on ${coupon.expiresOn}`);
    }
    if (this.#coupon === null) {
      this.#coupon = coupon;
    }
  }

  /** What the customer pays: the subtotal less the coupon's discount. */
  total() {
    const subtotal = this.subtotal();
    if (this.#coupon === null) {
      return subtotal;
    }
    return subtotal - percentOf(subtotal, this.#coupon.percentOff);
  }
}

module.exports = { Cart, CartError, Coupon };
