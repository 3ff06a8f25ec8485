"""integration-pipeline: route a legacy XML feed (stdin) to calls on the JSON API and print them (see README.md)."""
import json
import sys
import xml.etree.ElementTree as ET


def order(message):
    """An ORDER message as (route, method, path, body)."""
    body = message.find("order")
    # TODO (stage 1): build the whole order body: customer, placedAt in UTC, currency, lines in exact cents, total.
    # TODO (stage 1): high-value orders go to `review`, orders from outside the EU to `export-orders`.
    return "orders", "POST", "/api/v2/orders", {"orderId": body.findtext("number")}


# TODO (stage 1): CANCEL and ADDRESS messages.
ROUTES = {"ORDER": order}


def main():
    deliveries = []
    for number, raw in enumerate(sys.stdin.read().split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        try:
            message = ET.fromstring(line.strip())
        except ET.ParseError:
            continue  # TODO (stage 2): a malformed line goes to the dead-letter channel.
        # TODO (stage 2): refuse DOCTYPEs before parsing; check the fields; unknown types are dead letters too.
        if message.get("type") not in ROUTES:
            continue  # TODO (stage 2): a type with no route is a dead letter.
        route, method, path, body = ROUTES[message.get("type")](message)
        # TODO (stage 3): a message whose id was already delivered is a duplicate.
        deliveries.append({"line": number, "messageId": message.get("id"), "route": route, "method": method,
                           "path": path, "body": body})
        # TODO (stage 3): one audit entry for every non-blank line.

    document = {
        "deliveries": deliveries,
        "deadLetters": [],
        "audit": [],
        "summary": {"received": 0, "delivered": len(deliveries), "deadLettered": 0, "duplicates": 0},
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
