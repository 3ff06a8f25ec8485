"""Shipping costs for the shop: `python3 shipping.py` reads WEIGHT ZONE [express] lines and prints each cost."""
import sys

RATE_PER_KG = {"domestic": 1.50, "international": 4.00}


def shipping_cost(weight_kg, zone):
    """The cost in euros of shipping a parcel of `weight_kg` kilograms to `zone`."""
    cost = weight_kg * RATE_PER_KG[zone]
    return round(cost, 2)


def main():
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        print(f"{shipping_cost(float(parts[0]), parts[1]):.2f}")


if __name__ == "__main__":
    main()
