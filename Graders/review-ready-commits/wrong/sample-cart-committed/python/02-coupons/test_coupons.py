import unittest

from coupons import apply_coupon


class CouponTest(unittest.TestCase):
    def test_percent(self):
        self.assertEqual(apply_coupon(2000, "SAVE10"), 1800)
        self.assertEqual(apply_coupon(1998, "SAVE10"), 1798)

    def test_fixed_never_below_zero(self):
        self.assertEqual(apply_coupon(2000, "FIVEOFF"), 1500)
        self.assertEqual(apply_coupon(300, "FIVEOFF"), 0)

    def test_unknown(self):
        with self.assertRaises(ValueError):
            apply_coupon(100, "FREE")


if __name__ == "__main__":
    unittest.main()
