"""`python3 shop.py` reads a cart, one line each: `item PRICE_CENTS QUANTITY`, `tax RATE_PERCENT`, `coupon CODE`; prints the
total in cents."""
import sys

from cart import apply_tax, subtotal
from coupons import apply_coupon


def main():
    lines, tax, coupon = [], 0, None
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "item":
            lines.append((int(parts[1]), int(parts[2])))
        elif parts[0] == "tax":
            tax = int(parts[1])
        elif parts[0] == "coupon":
            coupon = parts[1]
        else:
            sys.exit(f"unknown line: {line.strip()}")
    total = subtotal(lines)
    if coupon is not None:
        total = apply_coupon(total, coupon)
    print(apply_tax(total, tax))


if __name__ == "__main__":
    main()
