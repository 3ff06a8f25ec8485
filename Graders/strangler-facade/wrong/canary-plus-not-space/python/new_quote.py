"""The new implementation of GET /quote, on the new catalog (data/catalog.json). Reference solution."""
import json
import os
import re
from datetime import datetime, timezone

_HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_HERE, "data", "catalog.json")) as f:
    _CATALOG = json.load(f)
_PRICES = {p["sku"]: p["price"] for p in _CATALOG["products"]}
_TIERS = sorted(_CATALOG["volume_discounts"], key=lambda t: -t["min_qty"])
_VAT = _CATALOG["vat_percent"]
_QTY = re.compile(r"^[0-9]+$")


def _cents(decimal_text):
    whole, _, fraction = decimal_text.partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2])


def _money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def _round_half_even(numerator, denominator):
    quotient, remainder = divmod(numerator, denominator)
    if 2 * remainder > denominator or (2 * remainder == denominator and quotient % 2 == 1):
        quotient += 1
    return quotient


def quote(query):
    """query: dict of parameter -> first value. Returns (status, JSON document)."""
    sku = query.get("sku", "")
    if sku not in _PRICES:
        return 200, {"error": "UNKNOWN_SKU", "code": "E102"}
    qty_text = query.get("qty", "")
    # The one intended change from legacy: a quantity of 0 is refused (legacy quoted 0.00).
    if not _QTY.match(qty_text) or not 1 <= int(qty_text) <= 9999:
        return 200, {"error": "BAD_QTY", "code": "E101"}
    qty = int(qty_text)
    country = (query.get("country") or "DE").upper()
    percent = next((t["percent"] for t in _TIERS if qty >= t["min_qty"]), 0)
    # Legacy rounds the discounted unit price half up to a cent, then multiplies: keep that order.
    unit = (_cents(_PRICES[sku]) * (100 - percent) + 50) // 100
    net = unit * qty
    vat = _round_half_even(net * _VAT.get(country, 0), 100)
    return 200, {
        "sku": sku, "qty": qty, "country": country, "currency": _CATALOG["currency"],
        "customer": query.get("customer") or None, "unit_price": _money(unit), "discount_pct": percent,
        "net": _money(net), "vat": _money(vat), "total": _money(net + vat),
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
