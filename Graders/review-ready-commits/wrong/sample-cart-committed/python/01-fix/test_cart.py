import unittest

from cart import apply_tax, subtotal


class CartTest(unittest.TestCase):
    def test_subtotal(self):
        self.assertEqual(subtotal([(250, 2), (100, 3)]), 800)

    def test_tax(self):
        self.assertEqual(apply_tax(1000, 19), 1190)

    def test_tax_rounds_to_the_nearest_cent(self):
        self.assertEqual(apply_tax(999, 19), 1189)
        self.assertEqual(apply_tax(1001, 19), 1191)


if __name__ == "__main__":
    unittest.main()
