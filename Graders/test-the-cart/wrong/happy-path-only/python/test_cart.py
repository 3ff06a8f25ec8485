# Wrong on purpose: only the happy path is tested, the README's worked examples and its rounding rule and nothing more: no thresholds, no expiry dates, no invalid input.
import unittest
from datetime import date

from cart import Cart, Coupon


class CartTest(unittest.TestCase):
    def test_new_cart_is_empty(self):
        self.assertEqual(Cart().total(), 0)

    def test_the_readme_example(self):
        cart = Cart()
        cart.add("bolt", 100, 12)
        cart.add("lamp", 2000)
        self.assertEqual(cart.quantity("bolt"), 12)
        self.assertEqual(cart.line_total("bolt"), 1080)
        self.assertEqual(cart.subtotal(), 3080)
        cart.apply_coupon(Coupon("SUMMER", 10, date(2030, 6, 30)), today=date(2030, 6, 1))
        self.assertEqual(cart.total(), 2772)
        cart.remove("lamp")
        self.assertEqual(cart.subtotal(), 1080)

    def test_the_readme_rounding_example(self):
        cart = Cart()
        cart.add("item", 1005)
        cart.apply_coupon(Coupon("C", 10, date(2030, 6, 30)), today=date(2030, 6, 1))
        self.assertEqual(cart.total(), 904)

    def coupon_total(self, price, percent):
        cart = Cart()
        cart.add("item", price)
        cart.apply_coupon(Coupon("C", percent, date(2030, 6, 30)), today=date(2030, 6, 1))
        return cart.total()

    def test_rounding_to_the_nearest_cent(self):
        self.assertEqual(self.coupon_total(1015, 10), 1015 - 102)
        self.assertEqual(self.coupon_total(1007, 10), 1007 - 101)
        self.assertEqual(self.coupon_total(1003, 10), 1003 - 100)

    def test_a_bulk_discount_is_rounded_too(self):
        cart = Cart()
        cart.add("bolt", 105, 12)
        self.assertEqual(cart.line_total("bolt"), 1260 - 126)


if __name__ == "__main__":
    unittest.main()
