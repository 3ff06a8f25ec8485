import unittest

from cart import apply_tax, subtotal


class CartTest(unittest.TestCase):
    def test_subtotal(self):
        self.assertEqual(subtotal([(250, 2), (100, 3)]), 800)

    def test_tax(self):
        self.assertEqual(apply_tax(1000, 19), 1190)


if __name__ == "__main__":
    unittest.main()
