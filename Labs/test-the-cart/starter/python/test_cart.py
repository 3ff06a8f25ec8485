"""Your tests for cart.py. Ladder grades them by running them against broken versions of cart.py.

Run them with:  python3 -m unittest -v
Each test should arrange a cart, act on it, and assert what the README says must happen.
"""

import unittest
from datetime import date

from cart import Cart, CartError, Coupon


class CartBasicsTest(unittest.TestCase):
    def test_new_cart_is_empty(self):
        self.assertEqual(Cart().subtotal(), 0)

    # TODO stage 1: a line's total is unit price x quantity; adding an item twice adds to its quantity;
    #               removing an item takes the whole line out.


class DiscountsAndCouponsTest(unittest.TestCase):
    pass
    # TODO stage 2: bulk discounts (per line, at 10 and at 50 items) and coupons (expiry date, one at a time).


class EdgeCasesTest(unittest.TestCase):
    pass
    # TODO stage 3: rounding of half cents, and the quantities and prices the cart must refuse (assertRaises).


if __name__ == "__main__":
    unittest.main()
