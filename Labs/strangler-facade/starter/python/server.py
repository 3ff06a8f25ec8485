"""The strangler façade in front of BILLING 4.2 (see README.md). Listens on 127.0.0.1:$PORT."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import new_quote  # noqa: F401  (used once GET /quote can go to the new implementation)
from legacy import billing


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass  # keep standard error for your own logging

    def send(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        # TODO (stage 1): the admin API: GET /_facade/routes, PUT /_facade/routes/quote.
        # TODO (stage 1): say who served each answer: X-Served-By.
        # TODO (stage 2): GET /quote in new mode goes to new_quote.quote.
        # TODO (stage 3): shadow mode (and GET/DELETE /_facade/shadow), canary mode.
        status, headers, payload = billing.handle(self.command, self.path, dict(self.headers), body)
        self.send(status, headers, payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = dispatch


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
