# Known-wrong (no-lookup-errors): never asks about an item that is not in the cart (quantity, line total, remove).

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
    def test_new_cart_is_empty(self):
        cart = Cart()
        self.assertEqual(cart.subtotal(), 0)
        self.assertEqual(cart.total(), 0)

    def test_line_total_is_price_times_quantity(self):
        cart = cart_with(("apple", 125, 3))
        self.assertEqual(cart.line_total("apple"), 375)
        self.assertEqual(cart.subtotal(), 375)

    def test_subtotal_adds_every_line(self):
        cart = cart_with(("apple", 125, 3), ("pear", 200, 1), ("plum", 50, 2))
        self.assertEqual(cart.subtotal(), 375 + 200 + 100)
        self.assertEqual(cart.total(), 675)

    def test_quantity_defaults_to_one(self):
        cart = Cart()
        cart.add("lamp", 2000)
        self.assertEqual(cart.quantity("lamp"), 1)
        self.assertEqual(cart.line_total("lamp"), 2000)

    def test_adding_again_adds_to_the_quantity(self):
        cart = cart_with(("apple", 125, 2), ("apple", 125, 3))
        self.assertEqual(cart.quantity("apple"), 5)
        self.assertEqual(cart.line_total("apple"), 625)

    def test_adding_again_at_another_price_is_refused(self):
        cart = cart_with(("apple", 125, 2))
        with self.assertRaises(CartError):
            cart.add("apple", 130, 1)
        self.assertEqual(cart.quantity("apple"), 2)

    def test_remove_takes_the_whole_line(self):
        cart = cart_with(("apple", 125, 3), ("pear", 200, 1))
        cart.remove("apple")
        self.assertEqual(cart.subtotal(), 200)



class BulkDiscountTest(unittest.TestCase):
    def test_no_discount_below_ten(self):
        self.assertEqual(cart_with(("bolt", 100, 9)).line_total("bolt"), 900)

    def test_ten_percent_from_exactly_ten(self):
        self.assertEqual(cart_with(("bolt", 100, 10)).line_total("bolt"), 900)
        self.assertEqual(cart_with(("bolt", 100, 11)).line_total("bolt"), 990)

    def test_below_fifty_stays_at_ten_percent(self):
        self.assertEqual(cart_with(("bolt", 100, 49)).line_total("bolt"), 4410)

    def test_fifteen_percent_from_exactly_fifty(self):
        self.assertEqual(cart_with(("bolt", 100, 50)).line_total("bolt"), 4250)
        self.assertEqual(cart_with(("bolt", 100, 60)).line_total("bolt"), 5100)

    def test_discount_is_per_line_not_per_cart(self):
        cart = cart_with(("bolt", 100, 6), ("nut", 10, 6))
        self.assertEqual(cart.line_total("bolt"), 600)
        self.assertEqual(cart.subtotal(), 660)

    def test_subtotal_uses_discounted_lines(self):
        cart = cart_with(("bolt", 100, 10), ("washer", 20, 50), ("nut", 10, 3))
        self.assertEqual(cart.subtotal(), 900 + 850 + 30)

    def test_each_line_gets_its_own_discount(self):
        cart = cart_with(("bolt", 100, 10), ("nut", 10, 3))
        self.assertEqual(cart.line_total("bolt"), 900)
        self.assertEqual(cart.line_total("nut"), 30)


class CouponTest(unittest.TestCase):
    def setUp(self):
        self.cart = cart_with(("lamp", 2000, 1))
        self.coupon = Coupon("SUMMER", 10, EXPIRY)

    def test_coupon_takes_its_percentage_off_the_total(self):
        self.cart.apply_coupon(self.coupon, date(2030, 6, 1))
        self.assertEqual(self.cart.subtotal(), 2000)
        self.assertEqual(self.cart.total(), 1800)

    def test_coupon_uses_its_own_percentage(self):
        self.cart.apply_coupon(Coupon("BIG", 25, EXPIRY), date(2030, 6, 1))
        self.assertEqual(self.cart.total(), 1500)

    def test_coupon_is_good_on_its_expiry_date(self):
        self.cart.apply_coupon(self.coupon, EXPIRY)
        self.assertEqual(self.cart.total(), 1800)

    def test_coupon_is_refused_the_day_after(self):
        with self.assertRaises(CartError):
            self.cart.apply_coupon(self.coupon, date(2030, 7, 1))
        self.assertEqual(self.cart.total(), 2000)

    def test_a_second_coupon_replaces_the_first(self):
        self.cart.apply_coupon(Coupon("BIG", 25, EXPIRY), date(2030, 6, 1))
        self.cart.apply_coupon(self.coupon, date(2030, 6, 1))
        self.assertEqual(self.cart.total(), 1800)

    def test_the_same_coupon_twice_counts_once(self):
        self.cart.apply_coupon(self.coupon, date(2030, 6, 1))
        self.cart.apply_coupon(self.coupon, date(2030, 6, 1))
        self.assertEqual(self.cart.total(), 1800)

    def test_coupon_applies_after_bulk_discounts(self):
        cart = cart_with(("bolt", 100, 10))
        cart.apply_coupon(self.coupon, date(2030, 6, 1))
        self.assertEqual(cart.total(), 810)


class RoundingTest(unittest.TestCase):
    def coupon_total(self, price, percent):
        cart = cart_with(("item", price, 1))
        cart.apply_coupon(Coupon("C", percent, EXPIRY), date(2030, 1, 1))
        return cart.total()

    def test_half_a_cent_rounds_up_with_an_even_cent_below(self):
        self.assertEqual(self.coupon_total(1005, 10), 1005 - 101)

    def test_half_a_cent_rounds_up_with_an_odd_cent_below(self):
        self.assertEqual(self.coupon_total(1015, 10), 1015 - 102)

    def test_more_than_half_rounds_up(self):
        self.assertEqual(self.coupon_total(1007, 10), 1007 - 101)

    def test_less_than_half_rounds_down(self):
        self.assertEqual(self.coupon_total(1003, 10), 1003 - 100)

    def test_bulk_discount_rounds_per_line(self):
        self.assertEqual(cart_with(("bolt", 105, 10)).line_total("bolt"), 1050 - 105)
        self.assertEqual(cart_with(("bolt", 101, 50)).line_total("bolt"), 5050 - 758)


class InvalidInputTest(unittest.TestCase):
    def assertRefused(self, price, quantity):
        cart = Cart()
        with self.assertRaises(CartError):
            cart.add("item", price, quantity)
        self.assertEqual(cart.quantity("item"), 0)

    def test_zero_quantity_is_refused(self):
        self.assertRefused(100, 0)

    def test_negative_quantity_is_refused(self):
        self.assertRefused(100, -1)

    def test_fractional_quantity_is_refused(self):
        self.assertRefused(100, 1.5)

    def test_negative_price_is_refused(self):
        self.assertRefused(-1, 1)

    def test_a_free_item_is_fine(self):
        cart = cart_with(("sticker", 0, 2))
        self.assertEqual(cart.subtotal(), 0)
        self.assertEqual(cart.quantity("sticker"), 2)

    def test_cart_error_is_a_value_error(self):
        self.assertTrue(issubclass(CartError, ValueError))


if __name__ == "__main__":
    unittest.main()
