# Known-wrong (validates-sku): checks sku like an order number (A-Z, 0-9 and -), though the README says it only needs to be present.
"""Reference solution for integration-pipeline: routes and transforms a legacy XML feed for the JSON API."""
import calendar
import json
import re
import sys
import time
import xml.etree.ElementTree as ET

EU = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}
REVIEW_CENTS = 1_000_000
IDENT = re.compile(r"^[A-Z0-9-]+$")
PRICE = re.compile(r"^[0-9]+\.[0-9]{2}$")
QTY = re.compile(r"^[0-9]+$")
WHEN = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2}) ([0-9]{2})([0-9]{2})$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")


class Rejected(Exception):
    """A message that goes to the dead-letter channel, with the reason."""


def text(element, tag):
    child = element.find(tag)
    value = (child.text or "").strip() if child is not None else ""
    if not value:
        raise Rejected(f"missing-field:{tag}")
    return value


def attribute(element, name, field=None):
    value = (element.get(name) or "").strip()
    if not value:
        raise Rejected(f"missing-field:{field or name}")
    return value


def valid(value, pattern, field):
    if not pattern.match(value):
        raise Rejected(f"invalid-field:{field}")
    return value


def utc(value, field):
    """Legacy time `YYYYMMDD HHMM` in CET (UTC+01:00 all year) as ISO 8601 UTC."""
    match = WHEN.match(value)
    if not match:
        raise Rejected(f"invalid-field:{field}")
    year, month, day, hour, minute = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] and hour < 24 and minute < 60):
        raise Rejected(f"invalid-field:{field}")
    seconds = calendar.timegm((year, month, day, hour, minute, 0)) - 3600
    y, mo, d, h, mi = time.gmtime(seconds)[:5]
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:00Z"


def cents(price):
    whole, fraction = valid(price, PRICE, "price").split(".")
    return int(whole) * 100 + int(fraction)


def part(message, tag):
    body = message.find(tag)
    if body is None:
        raise Rejected(f"missing-field:{tag}")
    return body


def order(message):
    body = part(message, "order")
    number = valid(text(body, "number"), IDENT, "number")
    customer = body.find("customer")
    if customer is None:
        raise Rejected("missing-field:customer")
    code = valid(attribute(customer, "code", "customer"), IDENT, "customer")
    country = valid(attribute(customer, "country"), COUNTRY, "country")
    placed = utc(text(body, "placed"), "placed")
    currency = valid(text(body, "currency"), CURRENCY, "currency")
    items = body.find("lines")
    entries = items.findall("line") if items is not None else []
    if not entries:
        raise Rejected("missing-field:lines")
    lines = []
    for entry in entries:
        sku = valid(attribute(entry, "sku"), IDENT, "sku")
        qty = valid(attribute(entry, "qty"), QTY, "qty")
        if int(qty) < 1:
            raise Rejected("invalid-field:qty")
        unit = cents(attribute(entry, "price"))
        lines.append({"sku": sku, "quantity": int(qty), "unitPriceCents": unit, "lineTotalCents": int(qty) * unit})
    document = {
        "orderId": number, "customerId": code, "country": country, "placedAt": placed, "currency": currency,
        "lines": lines, "totalCents": sum(line["lineTotalCents"] for line in lines),
    }
    if document["totalCents"] >= REVIEW_CENTS:
        return "review", "POST", "/api/v2/reviews", {"reason": "high-value", "order": document}
    if country not in EU:
        return "export-orders", "POST", "/api/v2/export-orders", document
    return "orders", "POST", "/api/v2/orders", document


def cancel(message):
    body = part(message, "cancel")
    number = valid(text(body, "number"), IDENT, "number")
    at = utc(text(body, "at"), "at")
    reason = body.find("reason")
    reason = (reason.text or "").strip() if reason is not None else ""
    return "cancellations", "POST", f"/api/v2/orders/{number}/cancellation", {"reason": reason, "cancelledAt": at}


def address(message):
    body = part(message, "address")
    code = valid(attribute(body, "customer"), IDENT, "customer")
    fields = {name: text(body, name) for name in ("street", "city", "postcode")}
    fields["country"] = valid(text(body, "country"), COUNTRY, "country")
    return "addresses", "PUT", f"/api/v2/customers/{code}/address", fields


ROUTES = {"ORDER": order, "CANCEL": cancel, "ADDRESS": address}


def process(line):
    """Returns (message id or None, delivery tuple) or raises Rejected (with .message_id set)."""
    message_id = None
    try:
        if "<!DOCTYPE" in line or "<!ENTITY" in line:
            raise Rejected("forbidden-doctype")
        try:
            root = ET.fromstring(line.strip())
        except ET.ParseError:
            raise Rejected("malformed-xml")
        if root.tag != "message":
            raise Rejected("not-a-message")
        message_id = attribute(root, "id")
        kind = attribute(root, "type")
        if kind not in ROUTES:
            raise Rejected("unroutable-type")
        return message_id, ROUTES[kind](root)
    except Rejected as rejected:
        rejected.message_id = message_id
        raise


def main():
    deliveries, dead_letters, audit = [], [], []
    delivered_ids = set()
    duplicates = 0
    for number, raw in enumerate(sys.stdin.read().split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        try:
            message_id, (route, method, path, body) = process(line)
        except Rejected as rejected:
            reason = str(rejected)
            dead_letters.append({"line": number, "messageId": rejected.message_id, "reason": reason, "payload": line})
            audit.append({"line": number, "messageId": rejected.message_id, "outcome": "dead-letter", "reason": reason})
            continue
        if message_id in delivered_ids:
            duplicates += 1
            audit.append({"line": number, "messageId": message_id, "outcome": "duplicate"})
            continue
        delivered_ids.add(message_id)
        deliveries.append({"line": number, "messageId": message_id, "route": route, "method": method, "path": path, "body": body})
        audit.append({"line": number, "messageId": message_id, "outcome": "delivered", "route": route})
    summary = {"received": len(audit), "delivered": len(deliveries), "deadLettered": len(dead_letters), "duplicates": duplicates}
    json.dump({"deliveries": deliveries, "deadLetters": dead_letters, "audit": audit, "summary": summary}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
