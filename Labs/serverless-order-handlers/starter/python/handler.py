"""The orders function: one handler for API Gateway, SQS and EventBridge events. See README.md.

Run it by hand: python3 handler.py < events.jsonl  (one JSON event per line in, one JSON result per line out;
STORE_DIR says where the durable store lives, ./store by default). The TODOs mark what each stage adds.
"""
import base64
import json
import sys
import traceback
from datetime import datetime

from store import Table

EXPIRE_AFTER_MS = 15 * 60 * 1000

orders = Table("orders")
# TODO (stage 1): a table for idempotency keys; (stage 2) a table for applied payments.


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


def handle_api(event):
    resource, method = event.get("resource"), event.get("httpMethod")
    if resource == "/orders" and method == "POST":
        return create_order(event)
    if resource == "/orders/{id}" and method == "GET":
        order = orders.get(event["pathParameters"]["id"])
        return respond(200, order) if order else respond(404, {"error": "no such order"})
    # TODO (stage 1): GET /orders (with ?status=), 405 for other methods, 404 for other resources.
    return respond(404, {"error": f"no route for {resource}"})


def create_order(event):
    # TODO (stage 1): base64 bodies, validation (400), Idempotency-Key (replay or 409), Location header.
    request = json.loads(event["body"])
    order = {
        "id": "ord-" + event["requestContext"]["requestId"],
        "sku": request["sku"],
        "quantity": request["quantity"],
        "total_cents": request["total_cents"],
        "paid_cents": 0,
        "status": "pending",
        "created_ms": event["requestContext"]["requestTimeEpoch"],
    }
    orders.put(order["id"], order)
    return respond(201, order)


# --- SQS -----------------------------------------------------------------------------------------------------

def handle_payments(records):
    # TODO (stage 2): apply each payment once (by payment_id), report only the records that failed.
    return {"batchItemFailures": [{"itemIdentifier": record["messageId"]} for record in records]}


# --- EventBridge schedule ------------------------------------------------------------------------------------

def handle_schedule(event):
    # TODO (stage 3): expire pending orders at least 15 minutes older than the event's time.
    return {"expired": []}


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
