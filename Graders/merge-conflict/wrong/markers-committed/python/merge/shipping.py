"""Shipping costs for the shop: `python3 shipping.py` reads WEIGHT ZONE [express] lines and prints each cost."""
import sys

<<<<<<< HEAD
RATE_PER_KG = {"domestic": 1.20, "international": 4.00}
MINIMUM_CHARGE = 4.00
=======
RATE_PER_KG = {"domestic": 1.50, "international": 4.00}
EXPRESS_SURCHARGE = 5.00
>>>>>>> feature/express


def shipping_cost(weight_kg, zone, express=False):
    """The cost in euros of shipping a parcel."""
    cost = max(weight_kg * RATE_PER_KG[zone], MINIMUM_CHARGE)
    if express:
        cost = cost * 2 + EXPRESS_SURCHARGE
    return round(cost, 2)


def main():
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        express = len(parts) > 2 and parts[2] == "express"
        print(f"{shipping_cost(float(parts[0]), parts[1], express):.2f}")


if __name__ == "__main__":
    main()
