"""A quote service in front of a flaky pricing upstream. See README.md for the contract.

Run it:   UPSTREAM_URL=http://127.0.0.1:9090 PORT=8080 python3 server.py
          (python3 tests/check.py all --submission . runs it against a scripted fake upstream)

Today it makes one call per request and passes the answer through. The TODOs mark what the stages add.
"""
import http.client
import json
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


def setting(name, default):
    return int(os.environ.get(name, default))


PORT = setting("PORT", 8080)
UPSTREAM = urlsplit(os.environ.get("UPSTREAM_URL", "http://127.0.0.1:9090"))
MAX_ATTEMPTS = setting("MAX_ATTEMPTS", 4)
BACKOFF_BASE = setting("BACKOFF_BASE_MS", 100) / 1000
BACKOFF_MAX = setting("BACKOFF_MAX_MS", 2000) / 1000
ATTEMPT_TIMEOUT = setting("ATTEMPT_TIMEOUT_MS", 1000) / 1000
REQUEST_BUDGET = setting("REQUEST_BUDGET_MS", 10000) / 1000
BREAKER_THRESHOLD = setting("BREAKER_THRESHOLD", 5)
BREAKER_COOLDOWN = setting("BREAKER_COOLDOWN_MS", 5000) / 1000


class Outcome:
    """One attempt: an HTTP answer (status, headers, body) or a transport failure (status None)."""

    def __init__(self, status=None, headers=None, body=b"", problem=""):
        self.status, self.headers, self.body, self.problem = status, headers or {}, body, problem


def call_upstream(sku):
    connection = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port or 80, timeout=ATTEMPT_TIMEOUT)
    try:
        connection.request("GET", f"{UPSTREAM.path.rstrip('/')}/price/{sku}")
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Outcome(response.status, headers, body)
    except (OSError, http.client.HTTPException) as error:
        return Outcome(problem=f"{type(error).__name__}: {error}")
    finally:
        connection.close()


# TODO (stage 3): a circuit breaker, ONE for the whole service (shared by every request and SKU, so guard it
# with a threading.Lock): closed / open / half-open, counting failed attempts in a row.


def quote(sku):
    """(status, body, extra headers) for GET /quote/SKU."""
    # TODO (stage 1): retry 429, 500, 502, 503, 504 and transport errors, up to MAX_ATTEMPTS calls in all; answer
    # 502 when they are used up; honour Retry-After and REQUEST_BUDGET (504).
    # TODO (stage 2): wait before each retry: capped exponential backoff with equal jitter.
    # TODO (stage 3): ask the breaker before every attempt, tell it how the attempt went.
    outcome = call_upstream(sku)
    if outcome.status is None:
        return error(502, f"the upstream failed: {outcome.problem}")
    return outcome.status, outcome.body, {}


def error(status, message):
    return status, json.dumps({"error": message}).encode(), {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = urlsplit(self.path).path
        if path.startswith("/quote/") and len(path) > len("/quote/"):
            status, body, headers = quote(path[len("/quote/"):])
        else:
            status, body, headers = error(404, f"no route for {path}")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        sys.stderr.write("%s\n" % (format % args))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64   # the default of 5 drops connections when many clients arrive at once


if __name__ == "__main__":
    server = Server(("127.0.0.1", PORT), Handler)
    print(f"listening on 127.0.0.1:{PORT}, upstream {UPSTREAM.geturl()}", file=sys.stderr)
    server.serve_forever()
