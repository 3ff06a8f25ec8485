import unittest

from shipping import shipping_cost


class ShippingTest(unittest.TestCase):
    def test_international_rate(self):
        self.assertEqual(shipping_cost(2, "international"), 8.00)

    def test_domestic_rate(self):
        self.assertEqual(shipping_cost(10, "domestic"), 12.00)

    def test_minimum_charge(self):
        self.assertEqual(shipping_cost(1, "domestic"), 4.00)

    def test_express_doubles_and_adds_surcharge(self):
        self.assertEqual(shipping_cost(3, "international", express=True), 29.00)

    def test_express_on_a_parcel_at_the_minimum(self):
        self.assertEqual(shipping_cost(1, "domestic", express=True), 13.00)


if __name__ == "__main__":
    unittest.main()
