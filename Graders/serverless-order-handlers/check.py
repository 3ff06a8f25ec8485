"""Grades serverless-order-handlers: python3 check.py SCENARIO... [--submission DIR]

Plays the cloud provider. Each scenario starts the learner's function (`python3 handler.py`, or `node handler.js`
when there is no handler.py) in DIR (default /submission) as one or more *instances* in turn -- separate
processes sharing only $STORE_DIR, as Lambda instances share only their database -- writes provider-shaped
events to each one, one JSON object per line, reads one JSON result per line, and checks them. Prints one TAP 13
report; several scenarios named on the command line run one after the other, each with a fresh store.
"""
import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile

CONTEXT = 600


class Report:
    def __init__(self):
        self.results = []

    def check(self, description, ok, detail=""):
        self.results.append((description, bool(ok), detail))
        return ok

    def emit(self):
        print("TAP version 13")
        print(f"1..{len(self.results)}")
        for number, (description, ok, detail) in enumerate(self.results, start=1):
            print(f"{'ok' if ok else 'not ok'} {number} - {description}")
            if not ok and detail:
                print("  ---")
                print("  message: " + quote(detail))
                print("  ...")


def quote(text):
    text = " ".join(str(text).split())
    if len(text) > 900:
        text = text[:900] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def short(value, limit=220):
    text = json.dumps(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "..."


# --- events, shaped like the providers' ------------------------------------------------------------------------

BASE_MS = 1714564800000          # 2024-05-01T12:00:00Z: events carry their own time, long before the grading day


class Events:
    def __init__(self):
        self.counter = 0

    def next_id(self, prefix):
        self.counter += 1
        return f"{prefix}-{self.counter:04d}"

    def api(self, method, resource, path, body=None, headers=None, query=None, path_id=None, at_ms=BASE_MS,
            base64_body=False):
        request_id = self.next_id("req")
        headers = dict({"Host": "orders.acme.example", "User-Agent": "grader/1.0"}, **(headers or {}))
        if body is not None and not isinstance(body, str):
            body = json.dumps(body)
        if base64_body and body is not None:
            body = base64.b64encode(body.encode()).decode()
        return {
            "resource": resource, "path": path, "httpMethod": method,
            "headers": headers, "multiValueHeaders": {k: [v] for k, v in headers.items()},
            "queryStringParameters": query or None,
            "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
            "pathParameters": {"id": path_id} if path_id is not None else None,
            "stageVariables": None,
            "requestContext": {"resourcePath": resource, "httpMethod": method, "path": f"/prod{path}", "stage": "prod",
                               "requestId": request_id, "requestTimeEpoch": at_ms, "accountId": "123456789012",
                               "identity": {"sourceIp": "203.0.113.7"}},
            "body": body, "isBase64Encoded": base64_body,
        }

    def create(self, sku, quantity, total, at_ms=BASE_MS, key=None, key_header="Idempotency-Key"):
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers[key_header] = key
        return self.api("POST", "/orders", "/orders", {"sku": sku, "quantity": quantity, "total_cents": total},
                        headers, at_ms=at_ms)

    def get(self, order_id):
        return self.api("GET", "/orders/{id}", f"/orders/{order_id}", path_id=order_id)

    def record(self, body, message_id=None, receive_count=1):
        message_id = message_id or self.next_id("msg")
        return {
            "messageId": message_id, "receiptHandle": f"AQEB{message_id}==",
            "body": body if isinstance(body, str) else json.dumps(body),
            "attributes": {"ApproximateReceiveCount": str(receive_count), "SentTimestamp": str(BASE_MS),
                           "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": str(BASE_MS)},
            "messageAttributes": {}, "md5OfBody": "0" * 32, "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:payments", "awsRegion": "eu-west-1",
        }

    @staticmethod
    def batch(*records):
        return {"Records": list(records)}

    def schedule(self, iso_time):
        return {"version": "0", "id": self.next_id("evt"), "detail-type": "Scheduled Event", "source": "aws.events",
                "account": "123456789012", "time": iso_time, "region": "eu-west-1",
                "resources": ["arn:aws:events:eu-west-1:123456789012:rule/expire-unpaid-orders"], "detail": {}}


def describe(event):
    if "httpMethod" in event:
        text = f"{event['httpMethod']} {event['path']}"
        if event.get("queryStringParameters"):
            text += "?" + "&".join(f"{k}={v}" for k, v in event["queryStringParameters"].items())
        if event.get("body") is not None:
            text += f" body {short(event['body'], 120)}" + (" (base64)" if event.get("isBase64Encoded") else "")
        keys = [k for k in event["headers"] if k.lower() == "idempotency-key"]
        if keys:
            text += f" with {keys[0]}: {event['headers'][keys[0]]}"
        return f"API Gateway {text}"
    if "Records" in event:
        return "SQS batch " + short([{"messageId": r["messageId"], "body": r["body"]} for r in event["Records"]], 400)
    return f"EventBridge {event.get('detail-type')} from {event.get('source')} at {event.get('time')}"


# --- the learner's function ------------------------------------------------------------------------------------

_built = []  # whether `go build` succeeded, once it has run


def function_command(submission):
    # Ladder says how the lab's language runs the program (after its build step); without it (run by hand),
    # the language is told by the files present.
    run = os.environ.get("LADDER_RUN")
    if run:
        return json.loads(run)
    if os.path.isfile(os.path.join(submission, "handler.py")):
        return ["python3", "handler.py"]
    if os.path.isfile(os.path.join(submission, "handler.js")):
        return ["node", "handler.js"]
    if os.path.isfile(os.path.join(submission, "go.mod")):
        # Built once for every instance, rather than `go run .` compiling again at each cold start.
        if not _built:
            build = subprocess.run(["go", "build", "-o", "handler", "."], cwd=submission, stdin=subprocess.DEVNULL)
            _built.append(build.returncode == 0)
        return ["./handler"] if _built[0] else None
    if os.path.isfile(os.path.join(submission, "Handler.java")):
        return ["java", "-cp", "out", "Handler"]  # built first with `javac -d out Handler.java`
    return None


class Cloud:
    """One scenario's world: a store that outlives instances, and the instances started so far."""

    def __init__(self, submission, report):
        self.submission, self.report = submission, report
        self.store = tempfile.mkdtemp(prefix="store-")
        self.command = function_command(submission)
        self.instances = 0
        self.events = Events()

    def invoke(self, events):
        """Runs one instance over `events`; its results (one per event), or None after reporting why not."""
        self.instances += 1
        if self.command is None:
            self.report.check("the function starts", False, "there is no handler.py or handler.js, nor a go.mod that builds")
            return None
        payload = "".join(json.dumps(event) + "\n" for event in events)
        try:
            run = subprocess.run(self.command, cwd=self.submission, input=payload.encode(), capture_output=True,
                                 timeout=20, env=dict(os.environ, STORE_DIR=self.store))
        except subprocess.TimeoutExpired:
            self.report.check(f"instance {self.instances} answers its {len(events)} event(s)", False,
                              "it did not finish within 20 s of its input ending (read stdin to its end, then exit)")
            return None
        lines = [line for line in run.stdout.decode("utf-8", "replace").splitlines() if line.strip()]
        results, not_json = [], False
        for line in lines:
            try:
                results.append(json.loads(line))
            except ValueError:
                not_json = True
        stderr = run.stderr.decode("utf-8", "replace").strip()
        tail = f" Its standard error ended with: {stderr[-400:]}" if stderr else ""
        if len(results) != len(events) or not_json:
            missing = len(results)
            self.report.check(f"instance {self.instances} writes one JSON line per event", False,
                              f"it got {len(events)} event(s), exited with status {run.returncode} and wrote {len(lines)} "
                              f"line(s) on standard output; the first without a proper answer: "
                              f"{describe(events[min(missing, len(events) - 1)])}. Print logs on standard error, "
                              f"exactly one JSON result per event on standard output.{tail}")
            return None
        return results


def api_answer(result):
    """(status, headers with lower-case names, parsed body, problem or None) of an API Gateway proxy result."""
    if result is None:
        return None, {}, None, ("the handler returned None (null, or nothing); an API Gateway handler must return a "
                                "proxy response: an object with statusCode, headers and body")
    if not isinstance(result, dict) or "statusCode" not in result:
        return None, {}, None, f"not a proxy response (an object with statusCode, headers, body): {short(result)}"
    status = result["statusCode"]
    if not isinstance(result.get("headers") or {}, dict):
        return None, {}, None, f"headers must be an object of header names and values, got {short(result['headers'])}"
    headers = {str(k).lower(): v for k, v in (result.get("headers") or {}).items()}
    body = result.get("body")
    if not isinstance(status, int) or isinstance(status, bool):
        return None, headers, None, f"statusCode must be a number, got {short(status)}"
    if not isinstance(body, str):
        return status, headers, None, (f"body must be a string holding JSON (API Gateway sends strings; an object "
                                       f"becomes a 502), got {short(body)}")
    if not str(headers.get("content-type", "")).startswith("application/json"):
        return status, headers, None, f"the Content-Type header is {headers.get('content-type')!r}, not application/json"
    try:
        return status, headers, json.loads(body), None
    except ValueError:
        return status, headers, None, f"body is not JSON: {short(body)}"


def expect_api(report, what, event, result, status, check_body=None):
    """Checks an API answer's status (and body through `check_body(body) -> problem or None`); the parsed body."""
    got_status, headers, body, problem = api_answer(result)
    if problem is None and got_status != status:
        problem = f"status {got_status}, expected {status} (body {short(body)})"
    if problem is None and check_body is not None:
        problem = check_body(body)
    report.check(what, problem is None, f"{describe(event)}: {problem}")
    return body if problem is None else None


def is_error_body(body):
    return None if isinstance(body, dict) and isinstance(body.get("error"), str) else \
        f"the body should be {{\"error\": \"...\"}}, got {short(body)}"


ORDER_FIELDS = {"id", "sku", "quantity", "total_cents", "paid_cents", "status", "created_ms"}


def order_problem(body, **expected):
    if not isinstance(body, dict) or set(body) != ORDER_FIELDS:
        return f"an order has exactly the fields {sorted(ORDER_FIELDS)}, got {short(body)}"
    if not isinstance(body["id"], str) or not body["id"]:
        return f"id must be a non-empty string, got {short(body['id'])}"
    wrong = {k: body.get(k) for k, v in expected.items() if body.get(k) != v}
    return f"expected {short(expected)}, got {short(wrong)} in {short(body)}" if wrong else None


def order_of(results, index):
    """The order answered at `index`, or None when the answer is not a proxy response holding an order."""
    status, _, body, problem = api_answer(results[index])
    return body if problem is None and order_problem(body) is None else None


# --- scenarios ---------------------------------------------------------------------------------------------------

def scenario_api_create(report, cloud):
    e = cloud.events
    create = e.create("A-100", 2, 1998, at_ms=BASE_MS + 5000)
    results = cloud.invoke([create])
    if results is None:
        return
    order = expect_api(report, "POST /orders answers 201 with the new order (body a JSON string)", create, results[0],
                       201, lambda b: order_problem(b, id="ord-" + create["requestContext"]["requestId"], sku="A-100",
                                                    quantity=2, total_cents=1998, paid_cents=0, status="pending",
                                                    created_ms=BASE_MS + 5000))
    if order is None:
        return
    _, headers, _, _ = api_answer(results[0])
    report.check("and a Location header /orders/ID", headers.get("location") == f"/orders/{order['id']}",
                 f"{describe(create)}: Location was {headers.get('location')!r}; created_ms is the request's "
                 "requestContext.requestTimeEpoch.")
    lookups = [e.get(order["id"]), e.get("ord-does-not-exist")]
    results = cloud.invoke(lookups)
    if results is None:
        return
    expect_api(report, "GET /orders/{id} in a later instance returns the stored order", lookups[0], results[0], 200,
               lambda b: None if b == order else f"expected {short(order)}, got {short(b)}")
    expect_api(report, "GET /orders/{id} of an unknown id is 404 with a JSON error", lookups[1], results[1], 404,
               is_error_body)


def scenario_api_validation(report, cloud):
    e = cloud.events
    bad = [
        ("not JSON", e.api("POST", "/orders", "/orders", '{"sku": "A-1", ')),
        ("a JSON array", e.api("POST", "/orders", "/orders", [1, 2])),
        ("no sku", e.api("POST", "/orders", "/orders", {"quantity": 1, "total_cents": 5})),
        ("an empty sku", e.api("POST", "/orders", "/orders", {"sku": "", "quantity": 1, "total_cents": 5})),
        ("a sku that is a number", e.api("POST", "/orders", "/orders", {"sku": 42, "quantity": 1, "total_cents": 5})),
        ("quantity 0", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 0, "total_cents": 5})),
        ("quantity 101", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 101, "total_cents": 5})),
        ("quantity \"2\"", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": "2", "total_cents": 5})),
        ("quantity 1.5", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 1.5, "total_cents": 5})),
        ("quantity true", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": True, "total_cents": 5})),
        ("no total_cents", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 1})),
        ("total_cents 0", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 1, "total_cents": 0})),
        ("total_cents 9.99", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 1, "total_cents": 9.99})),
        ("total_cents \"500\"", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 1, "total_cents": "500"})),
        ("total_cents true", e.api("POST", "/orders", "/orders", {"sku": "A-1", "quantity": 1, "total_cents": True})),
        ("no body", e.api("POST", "/orders", "/orders", None)),
    ]
    encoded = e.api("POST", "/orders", "/orders", {"sku": "B-7", "quantity": 100, "total_cents": 1}, base64_body=True)
    other = [
        ("DELETE /orders/{id} is 405", e.api("DELETE", "/orders/{id}", "/orders/x", path_id="x"), 405),
        ("PUT /orders is 405", e.api("PUT", "/orders", "/orders", {"sku": "A-1"}), 405),
        ("an unknown resource is 404", e.api("GET", "/customers", "/customers"), 404),
    ]
    listing = e.api("GET", "/orders", "/orders")
    results = cloud.invoke([event for _, event in bad] + [encoded] + [event for _, event, _ in other] + [listing])
    if results is None:
        return
    for (what, event), result in zip(bad, results):
        expect_api(report, f"a POST with {what} is 400 with a JSON error", event, result, 400, is_error_body)
    expect_api(report, "a base64-encoded body (isBase64Encoded: true) is decoded first: 201", encoded, results[len(bad)],
               201, lambda b: order_problem(b, sku="B-7", quantity=100, total_cents=1))
    for (what, event, status), result in zip(other, results[len(bad) + 1:]):
        expect_api(report, f"{what} with a JSON error", event, result, status, is_error_body)
    expect_api(report, "the rejected requests stored nothing: GET /orders lists only the base64 one", listing,
               results[-1], 200, lambda b: None if isinstance(b, dict) and [o.get("sku") for o in b.get("orders", [])]
               == ["B-7"] else f"got {short(b)}")


def scenario_api_list(report, cloud):
    e = cloud.events
    creates = [e.create("C-3", 1, 300, at_ms=BASE_MS + 3000), e.create("C-1", 1, 100, at_ms=BASE_MS + 1000),
               e.create("C-2", 1, 200, at_ms=BASE_MS + 2000), e.create("C-0", 1, 50, at_ms=BASE_MS + 2000)]
    results = cloud.invoke(creates)
    if results is None:
        return
    made = [order_of(results, i) for i in range(len(creates))]
    if not report.check("four POST /orders answer 201", all(made), f"got {short(results)}"):
        return
    pay = e.batch(e.record({"payment_id": "pay-list-1", "order_id": made[1]["id"], "amount_cents": 100}))
    if cloud.invoke([pay]) is None:
        return
    made[1] = dict(made[1], paid_cents=100, status="paid")
    listing = [e.api("GET", "/orders", "/orders"),
               e.api("GET", "/orders", "/orders", query={"status": "pending"}),
               e.api("GET", "/orders", "/orders", query={"status": "paid"}),
               e.api("GET", "/orders", "/orders", query={"status": "shipped"})]
    results = cloud.invoke(listing)
    if results is None:
        return
    ordered = sorted(made, key=lambda o: (o["created_ms"], o["id"]))
    expect_api(report, "GET /orders (queryStringParameters: null) lists every order, oldest first, ties by id", listing[0],
               results[0], 200, lambda b: None if b == {"orders": ordered} else
               f"expected {{\"orders\": [...]}} in the order {[o['sku'] for o in ordered]}, got {short(b, 400)}")
    pending = [o for o in ordered if o["status"] == "pending"]
    expect_api(report, "GET /orders?status=pending lists only pending orders", listing[1], results[1], 200,
               lambda b: None if b == {"orders": pending} else f"got {short(b, 400)}")
    expect_api(report, "GET /orders?status=paid lists only the paid one", listing[2], results[2], 200,
               lambda b: None if b == {"orders": [made[1]]} else f"got {short(b, 400)}")
    expect_api(report, "GET /orders?status=shipped (not a status) is 400", listing[3], results[3], 400, is_error_body)


def scenario_idempotency(report, cloud):
    e = cloud.events
    first = e.create("D-1", 3, 900, key="key-alpha")
    again = e.create("D-1", 3, 900, key="key-alpha", key_header="idempotency-key")
    results = cloud.invoke([first, again])
    if results is None:
        return
    order = expect_api(report, "POST with Idempotency-Key: 201", first, results[0], 201,
                       lambda b: order_problem(b, sku="D-1"))
    if order is None:
        return
    expect_api(report, "the same POST again (header name in lower case) replays the same answer: 201, same order",
               again, results[1], 201, lambda b: None if b == order else f"a different order {short(b)}")
    # A client retry lands on a new instance, after a cold start.
    retry = e.create("D-1", 3, 900, key="key-alpha")
    reordered = e.api("POST", "/orders", "/orders", '{"total_cents": 900, "quantity": 3, "sku": "D-1"}',
                      {"Idempotency-Key": "key-alpha"})
    conflict = e.create("D-1", 4, 1200, key="key-alpha")
    listing = e.api("GET", "/orders", "/orders")
    results = cloud.invoke([retry, reordered, conflict, listing])
    if results is None:
        return
    expect_api(report, "a retry that reaches another instance replays it too (the key lives in the store)", retry,
               results[0], 201, lambda b: None if b == order else f"a different order {short(b)}: the key was "
               "remembered only in the first instance's memory")
    expect_api(report, "the same request written with other key order and spacing is the same request", reordered,
               results[1], 201, lambda b: None if b == order else f"got {short(b)}")
    expect_api(report, "the same key with a different body is 409 with a JSON error", conflict, results[2], 409,
               is_error_body)
    expect_api(report, "after all that, exactly one order exists", listing, results[3], 200,
               lambda b: None if isinstance(b, dict) and b.get("orders") == [order] else f"got {short(b, 400)}")
    invalid = e.api("POST", "/orders", "/orders", {"sku": "D-3", "quantity": 0, "total_cents": 10},
                    {"Idempotency-Key": "key-beta"})
    fixed = e.create("D-3", 1, 10, key="key-beta")
    plain = [e.create("D-2", 1, 10), e.create("D-2", 1, 10), e.api("GET", "/orders", "/orders")]
    results = cloud.invoke([invalid, fixed] + plain)
    if results is None:
        return
    expect_api(report, "an invalid request with a key is 400 and not remembered: the corrected request with the same key "
               "creates its order (201)", fixed, results[1], 201, lambda b: order_problem(b, sku="D-3"))
    expect_api(report, "without a key, two identical POSTs create two orders", plain[2], results[4], 200,
               lambda b: None if isinstance(b, dict) and len(b.get("orders", [])) == 4 else f"got {short(b, 400)}")


def create_orders(report, cloud, specs):
    """Creates orders in one instance; their bodies, or None after reporting."""
    e = cloud.events
    events = [e.create(sku, 1, total, at_ms=at) for sku, total, at in specs]
    results = cloud.invoke(events)
    if results is None:
        return None
    made = [order_of(results, i) for i in range(len(events))]
    if not report.check(f"{len(specs)} POST /orders answer 201", all(made), f"got {short(results, 400)}"):
        return None
    return made


def fetch(cloud, ids):
    e = cloud.events
    results = cloud.invoke([e.get(order_id) for order_id in ids])
    if results is None:
        return None
    return [order_of(results, i) for i in range(len(ids))]


def failures_of(result):
    if not isinstance(result, dict) or not isinstance(result.get("batchItemFailures"), list):
        return None
    return [item.get("itemIdentifier") if isinstance(item, dict) else item for item in result["batchItemFailures"]]


def scenario_sqs_partial(report, cloud):
    e = cloud.events
    made = create_orders(report, cloud, [("E-1", 500, BASE_MS), ("E-2", 700, BASE_MS)])
    if made is None:
        return
    good1 = e.record({"payment_id": "pay-e1", "order_id": made[0]["id"], "amount_cents": 500}, "msg-good-1")
    poison = e.record('{"payment_id": "pay-broken", "order_id": ', "msg-poison")
    orphan = e.record({"payment_id": "pay-orphan", "order_id": "ord-not-yet", "amount_cents": 50}, "msg-orphan")
    invalid = e.record({"payment_id": "pay-neg", "order_id": made[1]["id"], "amount_cents": -5}, "msg-invalid")
    good2 = e.record({"payment_id": "pay-e2a", "order_id": made[1]["id"], "amount_cents": 300}, "msg-good-2")
    batch = e.batch(good1, poison, orphan, invalid, good2)
    results = cloud.invoke([batch, e.batch()])
    if results is None:
        return
    failures = failures_of(results[0])
    report.check("the batch answer is {\"batchItemFailures\": [...]} listing exactly the records that failed, in order",
                 failures == ["msg-poison", "msg-orphan", "msg-invalid"],
                 f"{describe(batch)}: expected failures msg-poison (not JSON), msg-orphan (no such order yet), "
                 f"msg-invalid (amount -5); got {short(results[0])}. Report only the failures: SQS deletes every other "
                 "record; raising an exception instead retries the whole batch, successes included.")
    report.check("an empty batch answers {\"batchItemFailures\": []}", failures_of(results[1]) == [],
                 f"got {short(results[1])}")
    after = fetch(cloud, [made[0]["id"], made[1]["id"]])
    if after is None:
        return
    report.check("the records around the failures were applied: order 1 paid (500 of 500), order 2 pending (300 of 700)",
                 after[0] and after[0]["paid_cents"] == 500 and after[0]["status"] == "paid" and after[1]
                 and after[1]["paid_cents"] == 300 and after[1]["status"] == "pending",
                 f"after {describe(batch)}, GET gave {short(after, 400)}: a failing record must not stop the others.")


def scenario_sqs_fields(report, cloud):
    e = cloud.events
    made = create_orders(report, cloud, [("K-1", 500, BASE_MS)])
    if made is None:
        return
    order_id = made[0]["id"]
    invalid = [
        ("an empty payment_id", {"payment_id": "", "order_id": order_id, "amount_cents": 100}),
        ("a payment_id that is a number", {"payment_id": 7, "order_id": order_id, "amount_cents": 100}),
        ("an order_id that is a number", {"payment_id": "pay-k-oid", "order_id": 12, "amount_cents": 100}),
        ("no amount_cents", {"payment_id": "pay-k-none", "order_id": order_id}),
        ("amount_cents 0", {"payment_id": "pay-k-zero", "order_id": order_id, "amount_cents": 0}),
        ("amount_cents 1.5", {"payment_id": "pay-k-frac", "order_id": order_id, "amount_cents": 1.5}),
        ("amount_cents \"100\"", {"payment_id": "pay-k-text", "order_id": order_id, "amount_cents": "100"}),
        ("amount_cents true", {"payment_id": "pay-k-bool", "order_id": order_id, "amount_cents": True}),
        ("a body that is a JSON array", ["pay-k-list", order_id, 100]),
    ]
    records = [e.record(body, f"msg-k-bad-{n}") for n, (_, body) in enumerate(invalid, 1)]
    first = e.record({"payment_id": "pay-k-1", "order_id": order_id, "amount_cents": 300}, "msg-k-1")
    second = e.record({"payment_id": "pay-k-2", "order_id": order_id, "amount_cents": 300}, "msg-k-2")
    batch = e.batch(records[0], first, *records[1:], second)
    results = cloud.invoke([batch])
    if results is None:
        return
    failures = failures_of(results[0])
    expected = [r["messageId"] for r in records]
    missed = [what for (what, _), r in zip(invalid, records) if failures is None or r["messageId"] not in failures]
    report.check("records whose fields are not as the README says fail: " + ", ".join(w for w, _ in invalid),
                 failures == expected,
                 f"{describe(batch)}: expected the failures {expected}, got {short(results[0])}"
                 + (f"; not reported: {', '.join(missed)}" if missed else "")
                 + ". payment_id is a non-empty string, order_id a string, amount_cents a whole number of at least 1 "
                 "(in Python, True is an int too).")
    after = fetch(cloud, [order_id])
    if after is None:
        return
    report.check("the two valid payments are applied and nothing of the invalid ones: 300 + 300 = 600 of 500, so the "
                 "order is paid (paid_cents reached total_cents)",
                 after[0] and after[0]["paid_cents"] == 600 and after[0]["status"] == "paid",
                 f"GET gave {short(after[0])}. A pending order becomes paid when paid_cents reaches total_cents, an "
                 "overpayment included.")


def scenario_schedule_sorted(report, cloud):
    e = cloud.events
    minute = 60 * 1000
    # Created newest first, so the ids sort the other way round from created_ms.
    made = create_orders(report, cloud, [("S-c", 100, BASE_MS + 10 * minute), ("S-b", 100, BASE_MS + 5 * minute),
                                         ("S-a", 100, BASE_MS)])
    if made is None:
        return
    run = e.schedule("2024-05-01T12:30:00Z")
    results = cloud.invoke([run])
    if results is None:
        return
    expected = sorted(order["id"] for order in made)
    report.check("the expired ids are answered sorted, whatever order the orders were created in",
                 isinstance(results[0], dict) and results[0].get("expired") == expected,
                 f"{describe(run)}, orders {', '.join(o['id'] for o in made)} created at 12:10, 12:05 and 12:00: expected "
                 f"{{\"expired\": {expected}}}, got {short(results[0])}. Sort the ids themselves (the store's scan has "
                 "no order; created_ms is not the id's order).")


def scenario_sqs_duplicates(report, cloud):
    e = cloud.events
    made = create_orders(report, cloud, [("F-1", 1000, BASE_MS)])
    if made is None:
        return
    order_id = made[0]["id"]
    first = e.record({"payment_id": "pay-f1", "order_id": order_id, "amount_cents": 400}, "msg-f1")
    if cloud.invoke([e.batch(first)]) is None:
        return
    # SQS redelivers the same message to a new instance (the first one's delete was lost), and the producer
    # retried its send, so the same payment also comes with a new messageId.
    redelivered = e.record({"payment_id": "pay-f1", "order_id": order_id, "amount_cents": 400}, "msg-f1", receive_count=2)
    resent = e.record({"payment_id": "pay-f1", "order_id": order_id, "amount_cents": 400}, "msg-f1-resent")
    second = e.record({"payment_id": "pay-f2", "order_id": order_id, "amount_cents": 600}, "msg-f2")
    batches = [e.batch(redelivered), e.batch(resent, second)]
    results = cloud.invoke(batches)
    if results is None:
        return
    report.check("duplicates are successes, not failures", failures_of(results[0]) == [] and failures_of(results[1]) == [],
                 f"got {short(results)}: a payment already applied is done; reporting it as failed makes SQS deliver it "
                 "again, forever.")
    after = fetch(cloud, [order_id])
    if after is None:
        return
    report.check("a payment is applied once, whether it comes back with the same messageId (on another instance) or a "
                 "new one: 400 + 600 = 1000, paid", after[0] and after[0]["paid_cents"] == 1000 and after[0]["status"] == "paid",
                 f"GET gave {short(after[0])} after {describe(batches[0])} and {describe(batches[1])}. Deduplicate on "
                 "payment_id, the business key, in the store: messageIds change when a producer re-sends.")


def scenario_sqs_retry(report, cloud):
    e = cloud.events
    # The payment service saw the order at checkout; its message can arrive before the order is stored.
    create = e.create("G-1", 1, 250)
    order_id = "ord-" + create["requestContext"]["requestId"]
    early = e.record({"payment_id": "pay-g1", "order_id": order_id, "amount_cents": 250}, "msg-g1")
    results = cloud.invoke([e.batch(early)])
    if results is None:
        return
    report.check("a payment for an order that does not exist yet is reported as failed", failures_of(results[0]) == ["msg-g1"],
                 f"{describe(e.batch(early))}: got {short(results[0])}")
    results = cloud.invoke([create])
    if results is None:
        return
    if not expect_api(report, "the order is then created, with the id ord-<requestContext.requestId>", create, results[0],
                      201, lambda b: order_problem(b, id=order_id)):
        return
    again = dict(early, attributes=dict(early["attributes"], ApproximateReceiveCount="2"))
    results = cloud.invoke([e.batch(again)])
    if results is None:
        return
    report.check("when SQS delivers the same message again, it succeeds", failures_of(results[0]) == [],
                 f"{describe(e.batch(again))} (second delivery): got {short(results[0])}. A record that failed must not "
                 "be remembered as processed: record a payment_id only once the payment is applied.")
    after = fetch(cloud, [order_id])
    if after is None:
        return
    report.check("and the payment is applied: the order is paid", after[0] and after[0]["paid_cents"] == 250
                 and after[0]["status"] == "paid", f"GET gave {short(after[0])}.")


def scenario_schedule(report, cloud):
    e = cloud.events
    minute = 60 * 1000
    made = create_orders(report, cloud, [
        ("H-old", 100, BASE_MS),                          # 20 minutes before the run: expires
        ("H-edge", 100, BASE_MS + 5 * minute),            # exactly 15 minutes before: expires
        ("H-young", 100, BASE_MS + 5 * minute + 1),       # 1 ms younger: stays
        ("H-paid", 100, BASE_MS),                         # old but paid: stays paid
    ])
    if made is None:
        return
    pay = e.batch(e.record({"payment_id": "pay-h", "order_id": made[3]["id"], "amount_cents": 100}))
    # Another rule of the same event bus, routed to the function by mistake: an EventBridge event, with a time,
    # that is not the schedule's.
    foreign = dict(e.schedule("2024-05-01T12:20:00Z"), source="aws.s3", **{"detail-type": "Object Created"},
                   detail={"bucket": {"name": "orders-export"}, "object": {"key": "2024-05-01.csv"}})
    run = e.schedule("2024-05-01T12:20:00Z")
    rerun = e.schedule("2024-05-01T12:20:00Z")
    results = cloud.invoke([pay, foreign, e.get(made[0]["id"]), e.get(made[1]["id"]), run])
    if results is None:
        return
    statuses = [(order_of(results, i) or {}).get("status") for i in (2, 3)]
    report.check("an EventBridge event that is not the schedule's (source aws.s3, detail-type Object Created) expires "
                 "nothing", statuses == ["pending", "pending"],
                 f"after {describe(foreign)}, GET of the two old pending "
                 f"orders gave statuses {statuses}, expected pending, pending: only an event with source aws.events "
                 "and detail-type Scheduled Event expires orders.")
    results = [results[0], results[4]]
    expected = sorted([made[0]["id"], made[1]["id"]])
    report.check("the scheduled run at 12:20:00Z expires the pending orders created at or before 12:05:00Z (15 minutes), "
                 "by the event's time", isinstance(results[1], dict) and results[1].get("expired") == expected,
                 f"orders created at 12:00:00, 12:05:00, 12:05:00.001 (pending) and 12:00:00 (paid); "
                 f"{describe(run)}: expected {{\"expired\": {expected}}} (ids sorted), got {short(results[1])}. Use the "
                 "event's `time`, not the clock: the event may be delivered late, or replayed.")
    results = cloud.invoke([rerun])
    if results is None:
        return
    report.check("the same scheduled event delivered again (another instance) expires nothing more",
                 isinstance(results[0], dict) and results[0].get("expired") == [],
                 f"{describe(rerun)} a second time: got {short(results[0])}")
    after = fetch(cloud, [order["id"] for order in made])
    if after is None:
        return
    statuses = [order and order["status"] for order in after]
    report.check("the orders now read expired, expired, pending, paid", statuses == ["expired", "expired", "pending", "paid"],
                 f"GET gave statuses {statuses}.")
    late = e.batch(e.record({"payment_id": "pay-late", "order_id": made[0]["id"], "amount_cents": 100}, "msg-late"))
    results = cloud.invoke([late, e.get(made[0]["id"])])
    if results is None:
        return
    report.check("a payment for an expired order is a success, recorded on the order (paid_cents 100), which stays expired",
                 failures_of(results[0]) == [] and order_of(results, 1) is not None
                 and order_of(results, 1)["paid_cents"] == 100 and order_of(results, 1)["status"] == "expired",
                 f"{describe(late)}: got {short(results[0])}, then GET gave {short(results[1])}.")


SCENARIOS = {
    "api-create": scenario_api_create, "api-validation": scenario_api_validation, "api-list": scenario_api_list,
    "idempotency": scenario_idempotency, "sqs-partial": scenario_sqs_partial, "sqs-duplicates": scenario_sqs_duplicates,
    "sqs-retry": scenario_sqs_retry, "sqs-fields": scenario_sqs_fields, "schedule": scenario_schedule,
    "schedule-sorted": scenario_schedule_sorted,
}


def main():
    parser = argparse.ArgumentParser(description="Grades serverless-order-handlers.")
    parser.add_argument("scenarios", nargs="+", choices=sorted(SCENARIOS) + ["all"], metavar="SCENARIO",
                        help=f"one or more of: {', '.join(SCENARIOS)}; or all")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    report = Report()
    submission = os.path.abspath(args.submission)
    for name in (list(SCENARIOS) if "all" in args.scenarios else args.scenarios):
        try:
            SCENARIOS[name](report, Cloud(submission, report))
        except Exception as failure:  # an answer of a shape no check foresaw: a failed check, never a crash
            report.check(f"the function's answers in {name} have the shapes the README gives", False,
                         f"checking them failed on an unexpected answer ({type(failure).__name__}: {failure}): "
                         "API Gateway events answer a proxy response (statusCode, headers, body), SQS batches "
                         "{\"batchItemFailures\": [...]}, the schedule {\"expired\": [...]}.")
    report.emit()


if __name__ == "__main__":
    main()
