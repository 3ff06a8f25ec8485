"""middleware-chain: an orders API whose cross-cutting concerns belong in middleware (see README.md).

Run it with `PORT=8080 python3 server.py` and try it with curl -i.

The shape is the one every framework uses (Starlette/FastAPI `@app.middleware("http")`, Django middleware,
WSGI wrappers, Express and Koa `app.use`): a handler takes a request and returns a response; a middleware takes
the request and `call_next`, the rest of the chain, and may act before it, after it, or instead of it.
"""
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ORDER_PATH = re.compile(r"^/orders/([0-9]+)$")


class Request:
    def __init__(self, method, target, headers, rfile):
        self.method = method
        self.path = urlsplit(target).path  # without the query string
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.rfile = rfile
        self.state = {}  # what middleware wants to hand on, e.g. the request id

    def header(self, name):
        return self.headers.get(name.lower())

    def read_body(self):
        """Reads the whole body (Content-Length bytes) from the connection."""
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


# --- middleware: def name(request, call_next) -> Response ------------------------------------------------------
# TODO (stage 1): request_id (X-Request-Id kept when valid, else generated; echoed on every response) and
#   access_log (one JSON line per request on standard output).
# TODO (stage 2): errors (every error as application/problem+json, a crash as a 500 that leaks nothing) and
#   body_limit (413 from Content-Length, before the body is read).
# TODO (stage 3): cors (CORS_ORIGINS; preflights; the headers on every response, errors included).


# --- the application -----------------------------------------------------------------------------------------

ORDERS = {}
ORDERS_LOCK = threading.Lock()
NEXT_ID = [1]


def create_order(request, _):
    # TODO (stage 2): 415 unless the body is application/json, 400 unless it is a JSON object, 422 listing every
    #   invalid field (item, quantity, note, unknown fields) in "errors".
    data = json.loads(request.read_body())
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
        return json_response(404, {"error": f"there is no order {order_id}"})
    return json_response(200, order)


def crash(request, _):
    # Stands for any bug deep in the code: the error handler must turn it into a 500 that reveals nothing.
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
        return json_response(404, {"error": f"there is nothing at {request.path}"})
    # TODO (stage 2): a method the path does not support is 405 with an Allow header.
    return routes[request.method](request, argument)


def chain(middleware, endpoint):
    """One handler: the first middleware runs first and calls the next through `call_next`."""
    handler = endpoint
    for layer in reversed(middleware):
        handler = (lambda layer, inner: lambda request: layer(request, inner))(layer, handler)
    return handler


MIDDLEWARE = []  # outermost first
APP = chain(MIDDLEWARE, router)


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
        pass  # Quiet: the access log is yours to write.


def main():
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
