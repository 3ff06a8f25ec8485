"""Shipping costs for the shop: `python3 shipping.py` reads WEIGHT ZONE [express] lines and prints each cost."""
import sys

RATE_PER_KG = {"domestic": 1.20, "international": 4.00}
MINIMUM_CHARGE = 4.00
EXPRESS_SURCHARGE = 5.00


def shipping_cost(weight_kg, zone, express=False):
    """The cost in euros of shipping a parcel: never less than the minimum charge, and express costs double that
    standard price plus a surcharge."""
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
