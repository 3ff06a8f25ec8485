import unittest

from shipping import shipping_cost


class ShippingTest(unittest.TestCase):
    def test_international_rate(self):
        self.assertEqual(shipping_cost(2, "international"), 8.00)

    def test_domestic_rate(self):
        self.assertEqual(shipping_cost(10, "domestic"), 15.00)


if __name__ == "__main__":
    unittest.main()
