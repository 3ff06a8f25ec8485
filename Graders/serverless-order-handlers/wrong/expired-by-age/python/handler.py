"""Wrong: answers the expired ids oldest first (in created_ms order) instead of sorted.

A copy of the reference solution of serverless-order-handlers with that one mistake.

The orders function (reference solution of serverless-order-handlers).

One handler for three event sources: API Gateway (REST proxy) requests for the orders API, SQS batches of
payments, and an EventBridge schedule that expires unpaid orders. Every piece of state lives in the durable
store (store.py), never in the instance's memory, so redeliveries and retries are harmless whichever instance
they reach.
"""
import base64
import hashlib
import json
import sys
import traceback
from datetime import datetime

from store import Table

EXPIRE_AFTER_MS = 15 * 60 * 1000
STATUSES = ("pending", "paid", "expired")

orders = Table("orders")
idempotency_keys = Table("idempotency-keys")
payments = Table("payments")


def handler(event, context):
    if isinstance(event.get("Records"), list):
        return handle_payments(event["Records"])
    if "httpMethod" in event:
        return handle_api(event)
    if event.get("source") == "aws.events" and event.get("detail-type") == "Scheduled Event":
        return handle_schedule(event)
    raise ValueError("unsupported event")


# --- API Gateway ---------------------------------------------------------------------------------------------

def respond(status, payload, headers=None):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", **(headers or {})},
        "body": json.dumps(payload),
        "isBase64Encoded": False,
    }


def error(status, message):
    return respond(status, {"error": message})


def header(event, name):
    """A request header by name, whatever case the client sent it in."""
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def request_body(event):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    return body


def handle_api(event):
    resource, method = event.get("resource"), event.get("httpMethod")
    if resource == "/orders":
        if method == "POST":
            return create_order(event)
        if method == "GET":
            return list_orders(event)
        return error(405, f"{method} is not allowed on /orders")
    if resource == "/orders/{id}":
        if method == "GET":
            order = orders.get((event.get("pathParameters") or {}).get("id", ""))
            return respond(200, order) if order else error(404, "no such order")
        return error(405, f"{method} is not allowed on /orders/{{id}}")
    return error(404, f"no route for {resource}")


def is_count(value, low, high=None):
    return isinstance(value, int) and not isinstance(value, bool) and value >= low and (high is None or value <= high)


def create_order(event):
    try:
        request = json.loads(request_body(event))
    except (ValueError, UnicodeDecodeError):
        return error(400, "the body is not JSON")
    if not isinstance(request, dict):
        return error(400, "the body must be a JSON object")
    if not isinstance(request.get("sku"), str) or not request["sku"]:
        return error(400, "sku must be a non-empty string")
    if not is_count(request.get("quantity"), 1, 100):
        return error(400, "quantity must be a whole number from 1 to 100")
    if not is_count(request.get("total_cents"), 1):
        return error(400, "total_cents must be a whole number of at least 1")

    key = header(event, "Idempotency-Key")
    fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
    if key:
        earlier = idempotency_keys.get(key)
        if earlier is not None:
            if earlier["fingerprint"] != fingerprint:
                return error(409, "this Idempotency-Key was used for a different request")
            return earlier["response"]

    order = {
        "id": "ord-" + event["requestContext"]["requestId"],
        "sku": request["sku"],
        "quantity": request["quantity"],
        "total_cents": request["total_cents"],
        "paid_cents": 0,
        "status": "pending",
        "created_ms": event["requestContext"]["requestTimeEpoch"],
    }
    response = respond(201, order, {"Location": f"/orders/{order['id']}"})
    if key and not idempotency_keys.put_if_absent(key, {"fingerprint": fingerprint, "response": response}):
        # Another instance won the race for this key: its order is the one, ours is never stored.
        earlier = idempotency_keys.get(key)
        return earlier["response"] if earlier["fingerprint"] == fingerprint else error(409, "key reused")
    orders.put(order["id"], order)
    return response


def list_orders(event):
    status = (event.get("queryStringParameters") or {}).get("status")
    if status is not None and status not in STATUSES:
        return error(400, f"status must be one of {', '.join(STATUSES)}")
    found = [item for _, item in orders.scan() if status is None or item["status"] == status]
    found.sort(key=lambda item: (item["created_ms"], item["id"]))
    return respond(200, {"orders": found})


# --- SQS -----------------------------------------------------------------------------------------------------

def handle_payments(records):
    failures = []
    for record in records:
        try:
            ok = apply_payment(record)
        except Exception:  # one bad record must not fail the batch: report it, go on with the next
            traceback.print_exc(file=sys.stderr)
            ok = False
        if not ok:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def apply_payment(record):
    """True when the payment is applied or was already; False when it must be retried (or dead-lettered)."""
    try:
        payment = json.loads(record.get("body") or "")
    except ValueError:
        return False
    if not (isinstance(payment, dict) and isinstance(payment.get("payment_id"), str) and payment["payment_id"]
            and isinstance(payment.get("order_id"), str) and is_count(payment.get("amount_cents"), 1)):
        return False
    if payments.get(payment["payment_id"]) is not None:
        return True  # a duplicate: the payment was applied before
    order = orders.get(payment["order_id"])
    if order is None:
        return False  # the order may not exist yet: let SQS deliver it again later
    order["paid_cents"] += payment["amount_cents"]
    if order["status"] == "pending" and order["paid_cents"] >= order["total_cents"]:
        order["status"] = "paid"
    # Record the payment first with a conditional write: if another instance got there first, do nothing.
    if not payments.put_if_absent(payment["payment_id"], {"order_id": order["id"], "message_id": record["messageId"]}):
        return True
    orders.put(order["id"], order)
    return True


# --- EventBridge schedule ------------------------------------------------------------------------------------

def handle_schedule(event):
    now_ms = int(datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp() * 1000)
    expired = []
    for _, order in orders.scan():
        if order["status"] == "pending" and order["created_ms"] + EXPIRE_AFTER_MS <= now_ms:
            order["status"] = "expired"
            orders.put(order["id"], order)
            expired.append(order["id"])
    created = {order["id"]: order["created_ms"] for _, order in orders.scan()}
    return {"expired": sorted(expired, key=lambda order_id: (created[order_id], order_id))}


# --- the runtime: one JSON event per line in, one JSON result per line out (see README). Do not change. ------

def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = handler(json.loads(line), None)
        except Exception as failure:
            traceback.print_exc(file=sys.stderr)
            result = {"errorType": type(failure).__name__, "errorMessage": str(failure)}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
