# Wrong on purpose: every rule is tested, but only with values far from its edges (20 items not 10, coupons days from expiry, -1 but never 0, no exact half cents).
import unittest
from datetime import date

from cart import Cart, CartError, Coupon

EXPIRY = date(2030, 6, 30)


def cart_with(*lines):
    cart = Cart()
    for sku, price, quantity in lines:
        cart.add(sku, price, quantity)
    return cart


class CartBasicsTest(unittest.TestCase):
    def test_line_total_and_subtotal(self):
        cart = cart_with(("apple", 125, 3), ("pear", 200, 1))
        self.assertEqual(cart.line_total("apple"), 375)
        self.assertEqual(cart.subtotal(), 575)

    def test_quantity_defaults_to_one(self):
        cart = Cart()
        cart.add("lamp", 2000)
        self.assertEqual(cart.quantity("lamp"), 1)
        self.assertEqual(cart.line_total("lamp"), 2000)

    def test_adding_again_adds_to_the_quantity(self):
        cart = cart_with(("apple", 125, 2), ("apple", 125, 3))
        self.assertEqual(cart.quantity("apple"), 5)

    def test_remove_takes_the_whole_line(self):
        cart = cart_with(("apple", 125, 3), ("pear", 200, 1))
        cart.remove("apple")
        self.assertEqual(cart.subtotal(), 200)
        self.assertEqual(cart.quantity("apple"), 0)

    def test_an_empty_cart_costs_nothing(self):
        self.assertEqual(Cart().subtotal(), 0)
        self.assertEqual(Cart().total(), 0)

    def test_unknown_items_are_refused(self):
        with self.assertRaises(CartError):
            Cart().remove("apple")
        with self.assertRaises(CartError):
            Cart().line_total("apple")

    def test_another_price_is_refused(self):
        with self.assertRaises(CartError):
            cart_with(("apple", 125, 2), ("apple", 150, 1))


class DiscountsAndCouponsTest(unittest.TestCase):
    def test_bulk_discount_on_a_big_line(self):
        self.assertEqual(cart_with(("bolt", 100, 20)).line_total("bolt"), 1800)

    def test_bigger_bulk_discount_on_a_huge_line(self):
        self.assertEqual(cart_with(("bolt", 100, 80)).line_total("bolt"), 6800)

    def test_discount_is_per_line(self):
        self.assertEqual(cart_with(("bolt", 100, 6), ("nut", 10, 6)).subtotal(), 660)

    def test_valid_coupon(self):
        cart = cart_with(("lamp", 2000, 1))
        cart.apply_coupon(Coupon("SUMMER", 10, EXPIRY), date(2030, 6, 20))
        self.assertEqual(cart.total(), 1800)

    def test_long_expired_coupon(self):
        with self.assertRaises(CartError):
            cart_with(("lamp", 2000, 1)).apply_coupon(Coupon("SUMMER", 10, EXPIRY), date(2030, 7, 20))

    def test_coupon_twice_counts_once(self):
        cart = cart_with(("lamp", 2000, 1))
        cart.apply_coupon(Coupon("SUMMER", 10, EXPIRY), date(2030, 6, 20))
        cart.apply_coupon(Coupon("SUMMER", 10, EXPIRY), date(2030, 6, 20))
        self.assertEqual(cart.total(), 1800)


class EdgeCasesTest(unittest.TestCase):
    def test_rounding_up(self):
        cart = cart_with(("item", 1007, 1))
        cart.apply_coupon(Coupon("C", 10, EXPIRY), date(2030, 1, 1))
        self.assertEqual(cart.total(), 906)

    def test_negative_quantity_is_refused(self):
        with self.assertRaises(CartError):
            Cart().add("item", 100, -1)

    def test_negative_price_is_refused(self):
        with self.assertRaises(CartError):
            Cart().add("item", -100, 1)


if __name__ == "__main__":
    unittest.main()
