# BILLING 4.2 -- quote and invoice service.  (c) 2009 Finance IT.
# Ported from the mainframe in 2014.  DO NOT CHANGE: every client depends on its answers, quirks included.
#
# handle(method, target, headers, body) -> (status, [(header, value)], body_bytes)
#   method: "GET", "POST", ...; target: the path with its query string; headers: dict; body: bytes
import json
import os
import time
from urllib.parse import parse_qs, urlsplit

_HERE = os.path.dirname(os.path.abspath(__file__))
_VAT = {"DE": 19, "FR": 20, "NL": 21, "AT": 20, "IT": 22}      # percent; any other country: export, no VAT
_invoices = {}
_next_invoice = [1001]
_request_no = [0]


def _prices():
    table = {}
    with open(os.path.join(_HERE, "PRICES.DAT"), encoding="ascii") as f:
        for rec in f:
            if rec.startswith("*") or len(rec.rstrip("\n")) < 24:
                continue
            table[rec[0:12].strip()] = (int(rec[12:21]), rec[21:24])
    return table


_PRICES = _prices()


def _money(cents):
    return "%d.%02d" % (cents // 100, cents % 100)


def _discount(qty):
    if qty >= 100:
        return 15
    if qty >= 50:
        return 10
    if qty >= 10:
        return 5
    return 0


def _vat(net, rate):
    # rounds half to even, like the mainframe did (COBOL ROUNDED MODE NEAREST-EVEN)
    q, r = divmod(net * rate, 100)
    if r > 50 or (r == 50 and q % 2 == 1):
        q += 1
    return q


def _quote(args):
    def arg(name):
        values = args.get(name)
        return values[0] if values else ""
    sku = arg("sku")
    if sku not in _PRICES:
        return 200, {"error": "UNKNOWN_SKU", "code": "E102"}
    qty_text = arg("qty")
    if not qty_text.isdigit() or not qty_text.isascii() or int(qty_text) > 9999:
        return 200, {"error": "BAD_QTY", "code": "E101"}
    qty = int(qty_text)
    country = (arg("country") or "DE").upper()
    price, currency = _PRICES[sku]
    pct = _discount(qty)
    unit = (price * (100 - pct) + 50) // 100
    net = unit * qty
    vat = _vat(net, _VAT.get(country, 0))
    return 200, {
        "sku": sku, "qty": qty, "country": country, "currency": currency, "customer": arg("customer") or None,
        "unit_price": _money(unit), "discount_pct": pct, "net": _money(net), "vat": _money(vat),
        "total": _money(net + vat), "generated_at": time.strftime("%Y%m%d %H%M%S", time.gmtime()),
    }


def _create_invoice(body):
    try:
        doc = json.loads(body.decode("utf-8"))
        customer = doc["customer"]
        lines = [(line["sku"], int(line["qty"])) for line in doc["lines"]]
    except Exception:
        return 422, {"error": "INVALID_INVOICE"}, []
    if not isinstance(customer, str) or not customer or not lines or any(s not in _PRICES or q < 1 for s, q in lines):
        return 422, {"error": "INVALID_INVOICE"}, []
    number = "INV-%d" % _next_invoice[0]
    _next_invoice[0] += 1
    total = sum(_PRICES[s][0] * q for s, q in lines)
    _invoices[number] = {"number": number, "customer": customer, "lines": [{"sku": s, "qty": q} for s, q in lines],
                         "total": _money(total), "status": "OPEN"}
    return 201, _invoices[number], [("Location", "/invoices/" + number)]


def handle(method, target, headers, body):
    _request_no[0] += 1
    parts = urlsplit(target)
    path, args = parts.path, parse_qs(parts.query, keep_blank_values=True)
    extra = []
    if path == "/health":
        status, doc = 200, {"status": "ok", "system": "BILLING-4.2"}
    elif path == "/quote":
        if method != "GET":
            status, doc, extra = 405, {"error": "METHOD_NOT_ALLOWED"}, [("Allow", "GET")]
        else:
            status, doc = _quote(args)
    elif path == "/invoices" and method == "POST":
        status, doc, extra = _create_invoice(body)
    elif path.startswith("/invoices/") and method == "GET":
        found = _invoices.get(path[len("/invoices/"):])
        status, doc = (200, found) if found else (404, {"error": "NOT_FOUND"})
    else:
        status, doc = 404, {"error": "NOT_FOUND"}
    payload = json.dumps(doc, sort_keys=True).encode("latin-1", "replace")
    out = [("Content-Type", "application/json;charset=ISO-8859-1"), ("X-Legacy-Version", "4.2.7"),
           ("X-Request-Id", "BIL%08d" % _request_no[0])] + extra
    return status, out, payload
