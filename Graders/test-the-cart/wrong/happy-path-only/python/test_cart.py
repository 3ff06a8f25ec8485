# Wrong on purpose: only the happy path is tested (a normal order, a valid coupon); no bulk, no thresholds, no invalid input.
import unittest
from datetime import date

from cart import Cart, Coupon


class CartTest(unittest.TestCase):
    def test_new_cart_is_empty(self):
        self.assertEqual(Cart().total(), 0)

    def test_a_normal_order(self):
        cart = Cart()
        cart.add("apple", 125, 3)
        cart.add("pear", 200)
        self.assertEqual(cart.line_total("apple"), 375)
        self.assertEqual(cart.subtotal(), 575)

    def test_remove_a_single_item(self):
        cart = Cart()
        cart.add("apple", 125)
        cart.add("pear", 200)
        cart.remove("pear")
        self.assertEqual(cart.subtotal(), 125)

    def test_a_valid_coupon(self):
        cart = Cart()
        cart.add("lamp", 2000)
        cart.apply_coupon(Coupon("SUMMER", 10, date(2030, 6, 30)), date(2030, 6, 1))
        self.assertEqual(cart.total(), 1800)


if __name__ == "__main__":
    unittest.main()
