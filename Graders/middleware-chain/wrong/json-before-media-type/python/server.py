# Models: parsing the body before looking at its media type, so a text/plain body that is not JSON is 400, not 415.
"""middleware-chain reference: an orders API whose cross-cutting concerns are a pipeline of middleware."""
import json
import os
import re
import sys
import threading
import time
import traceback
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
ORDER_PATH = re.compile(r"^/orders/([0-9]+)$")


class Problem(Exception):
    """An error answered as application/problem+json; `extra` adds members such as `errors`."""

    def __init__(self, status, detail=None, headers=None, **extra):
        super().__init__(detail)
        self.status, self.detail, self.headers, self.extra = status, detail, headers or {}, extra


class Request:
    def __init__(self, method, target, headers, rfile):
        self.method = method
        self.path = urlsplit(target).path
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.rfile = rfile
        self.state = {}

    def header(self, name):
        return self.headers.get(name.lower())

    def read_body(self):
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length > 0 else b""


class Response:
    def __init__(self, status, body=b"", content_type=None, headers=None):
        self.status, self.body = status, body
        self.headers = dict(headers or {})
        if content_type:
            self.headers["Content-Type"] = content_type


def json_response(status, payload, headers=None):
    return Response(status, json.dumps(payload).encode(), "application/json", headers)


def problem_response(problem):
    payload = {"type": "about:blank", "title": HTTPStatus(problem.status).phrase, "status": problem.status,
               "detail": problem.detail}
    payload.update(problem.extra)
    return Response(problem.status, json.dumps(payload).encode(), "application/problem+json", problem.headers)


# --- middleware: each takes the request and the rest of the chain, and returns a response --------------------

def request_id(request, call_next):
    given = request.header("X-Request-Id")
    request.state["request_id"] = given if given and REQUEST_ID.match(given) else uuid.uuid4().hex
    response = call_next(request)
    response.headers["X-Request-Id"] = request.state["request_id"]
    return response


LOG_LOCK = threading.Lock()


def access_log(request, call_next):
    started = time.monotonic()
    response = call_next(request)
    line = json.dumps({"request_id": request.state["request_id"], "method": request.method, "path": request.path,
                       "status": response.status, "duration_ms": round((time.monotonic() - started) * 1000, 3)})
    with LOG_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    return response


def allowed_origins():
    value = os.environ.get("CORS_ORIGINS")
    if value is None:
        value = "https://app.example.com"
    return {origin.strip() for origin in value.split(",") if origin.strip()}


ORIGINS = allowed_origins()


def cors(request, call_next):
    origin = request.header("Origin")
    allowed = origin in ORIGINS
    if request.method == "OPTIONS":
        if not allowed:
            response = problem_response(Problem(403, "this origin may not call the API"))
        else:
            response = Response(204, headers={
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Content-Type, X-Request-Id",
                "Access-Control-Max-Age": "600",
            })
    else:
        response = call_next(request)
    if allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "X-Request-Id"
    response.headers["Vary"] = "Origin"
    return response


def errors(request, call_next):
    try:
        return call_next(request)
    except Problem as problem:
        return problem_response(problem)
    except Exception:
        traceback.print_exc(file=sys.stderr)
        return problem_response(Problem(500, "the server failed to answer; the request id identifies it in the logs"))


def body_limit(request, call_next):
    length = request.header("Content-Length")
    if length is not None:
        if not length.isdigit():
            raise Problem(400, "Content-Length must be a number")
        if int(length) > MAX_BODY_BYTES:
            raise Problem(413, f"the body may have at most {MAX_BODY_BYTES} bytes", {"Connection": "close"})
    return call_next(request)


# --- the application ---------------------------------------------------------------------------------------

ORDERS = {}
ORDERS_LOCK = threading.Lock()
NEXT_ID = [1]
FIELDS = {"item", "quantity", "note"}


def validate(data):
    errors = {}
    item = data.get("item")
    if not isinstance(item, str) or not 1 <= len(item) <= 100:
        errors["item"] = "required: a string of 1 to 100 characters"
    quantity = data.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 1000:
        errors["quantity"] = "required: a whole number from 1 to 1000"
    if "note" in data and (not isinstance(data["note"], str) or len(data["note"]) > 200):
        errors["note"] = "a string of at most 200 characters"
    for name in data:
        if name not in FIELDS:
            errors[name] = "unknown field"
    return errors


def json_body(request):
    try:
        data = json.loads(request.read_body().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "the body is not valid JSON")
    content_type = (request.header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise Problem(415, "send the body as application/json")
    if not isinstance(data, dict):
        raise Problem(400, "the body must be a JSON object")
    return data


def create_order(request, _):
    data = json_body(request)
    problems = validate(data)
    if problems:
        raise Problem(422, "the order is not valid", errors=problems)
    with ORDERS_LOCK:
        order = {"id": NEXT_ID[0], "item": data["item"], "quantity": data["quantity"], "note": data.get("note", "")}
        ORDERS[order["id"]] = order
        NEXT_ID[0] += 1
    return json_response(201, order, {"Location": f"/orders/{order['id']}"})


def list_orders(request, _):
    with ORDERS_LOCK:
        return json_response(200, {"orders": [ORDERS[key] for key in sorted(ORDERS)]})


def get_order(request, order_id):
    order = ORDERS.get(order_id)
    if order is None:
        raise Problem(404, f"there is no order {order_id}")
    return json_response(200, order)


def crash(request, _):
    raise RuntimeError("database password is hunter2: connection to 10.0.0.7 refused")


def slow(request, _):
    time.sleep(0.2)
    return json_response(200, {"slept_ms": 200})


def health(request, _):
    return json_response(200, {"status": "ok"})


def router(request):
    if request.path == "/orders":
        routes, argument = {"GET": list_orders, "POST": create_order}, None
    elif ORDER_PATH.match(request.path):
        routes, argument = {"GET": get_order}, int(ORDER_PATH.match(request.path).group(1))
    elif request.path == "/healthz":
        routes, argument = {"GET": health}, None
    elif request.path == "/debug/crash":
        routes, argument = {"GET": crash}, None
    elif request.path == "/debug/slow":
        routes, argument = {"GET": slow}, None
    else:
        raise Problem(404, f"there is nothing at {request.path}")
    if request.method not in routes:
        raise Problem(405, f"{request.method} is not allowed here", {"Allow": ", ".join(routes)})
    return routes[request.method](request, argument)


def chain(middleware, endpoint):
    """One handler: the first middleware runs first and calls the next through `call_next`."""
    handler = endpoint
    for layer in reversed(middleware):
        handler = (lambda layer, inner: lambda request: layer(request, inner))(layer, handler)
    return handler


MAX_BODY_BYTES = int(os.environ.get("MAX_BODY_BYTES") or 1024)
APP = chain([request_id, access_log, cors, errors, body_limit], router)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        response = APP(Request(self.command, self.path, self.headers, self.rfile))
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)
        if response.headers.get("Connection") == "close":
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = handle_any

    def log_message(self, format, *args):
        pass  # The access log middleware writes the log.


def main():
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
