# Known-wrong (canary-plus-not-space): reads the canary's customer with unquote, which keeps + as a plus, so a customer id with a space lands in another bucket than legacy's.
"""The strangler façade in front of BILLING 4.2. Reference solution.

Every request goes to the legacy implementation except GET /quote, which the route's mode sends to the legacy
one, the new one, both (shadow) or a stable share of customers (canary). Modes change at run time through
/_facade/routes; the shadow comparison report is at /_facade/shadow.
"""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import new_quote
from legacy import billing

IGNORED = {"generated_at"}


class Facade:
    def __init__(self):
        self.lock = threading.Lock()
        self.route = {"mode": "legacy"}
        self.compared = 0
        self.mismatches = []

    def set_route(self, body):
        try:
            doc = json.loads(body)
        except ValueError:
            return 400, {"error": "the body is not JSON"}
        if not isinstance(doc, dict) or doc.get("mode") not in ("legacy", "shadow", "canary", "new"):
            return 400, {"error": "mode must be legacy, shadow, canary or new"}
        route = {"mode": doc["mode"]}
        if doc["mode"] == "canary":
            percent = doc.get("percent")
            if type(percent) is not int or not 0 <= percent <= 100:
                return 400, {"error": "a canary needs a whole percent from 0 to 100"}
            route["percent"] = percent
        with self.lock:
            self.route = route
        return 200, {"quote": route}

    def report(self):
        with self.lock:
            return {"compared": self.compared, "matched": self.compared - len(self.mismatches),
                    "mismatches": list(self.mismatches)}

    def reset(self):
        with self.lock:
            self.compared = 0
            self.mismatches = []

    def record(self, target, legacy, new):
        def normal(answer):
            status, doc = answer
            return status, {k: v for k, v in doc.items() if k not in IGNORED} if isinstance(doc, dict) else doc
        with self.lock:
            self.compared += 1
            if normal(legacy) != normal(new):
                self.mismatches.append({"target": target, "legacy": {"status": legacy[0], "body": legacy[1]},
                                        "new": {"status": new[0], "body": new[1]}})


def fnv1a(text):
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


FACADE = Facade()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status, doc, served_by=None):
        headers = [("Content-Type", "application/json")]
        if served_by:
            headers.append(("X-Served-By", served_by))
        self.send(status, headers, json.dumps(doc).encode())

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def legacy(self, body):
        status, headers, payload = billing.handle(self.command, self.path, dict(self.headers), body)
        return status, headers + [("X-Served-By", "legacy")], payload

    def dispatch(self):
        body = self.read_body()
        parts = urlsplit(self.path)
        if parts.path == "/_facade/routes" and self.command == "GET":
            return self.send_json(200, {"quote": FACADE.route})
        if parts.path.startswith("/_facade/routes/"):
            if parts.path != "/_facade/routes/quote":
                return self.send_json(404, {"error": "only the quote route can be migrated"})
            if self.command != "PUT":
                return self.send_json(405, {"error": "use PUT"})
            return self.send_json(*FACADE.set_route(body))
        if parts.path == "/_facade/shadow":
            if self.command == "DELETE":
                FACADE.reset()
                return self.send(204, [], b"")
            return self.send_json(200, FACADE.report())
        if parts.path != "/quote" or self.command != "GET":
            return self.send(*self.legacy(body))
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        route = FACADE.route
        mode = route["mode"]
        if mode == "canary":
            customer = None
            for pair in parts.query.split("&"):
                name, _, value = pair.partition("=")
                if name == "customer" and customer is None:
                    customer = unquote(value)
            mode = "new" if customer and fnv1a(customer) % 100 < route["percent"] else "legacy"
        if mode == "new":
            return self.send_json(*new_quote.quote(query), served_by="new")
        status, headers, payload = self.legacy(body)
        if mode == "shadow":
            try:
                new = new_quote.quote(query)
            except Exception as error:  # the shadow must never hurt the client
                new = (500, {"error": f"new implementation failed: {error}"})
            FACADE.record(self.path, (status, json.loads(payload.decode("latin-1"))), new)
        return self.send(status, headers, payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = dispatch


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
