"""Wrong: treats a refused connection as "the upstream is down, retrying is pointless" and answers 502 at once.
"""
import http.client
import json
import math
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

RETRYABLE = {429, 500, 502, 503, 504}


class Breaker:
    """Closed, open or half-open; shared by every request, so every change happens under one lock."""

    def __init__(self, threshold, cooldown):
        self.threshold, self.cooldown = threshold, cooldown
        self.lock = threading.Lock()
        self.state = "closed"
        self.failures = 0
        self.opened_at = 0.0
        self.probing = False

    def permit(self):
        """'call', 'probe' (the one trial call of half-open) or 'reject'."""
        with self.lock:
            if self.state == "open":
                if time.monotonic() - self.opened_at < self.cooldown:
                    return "reject"
                self.state = "half-open"
            if self.state == "half-open":
                if self.probing:
                    return "reject"
                self.probing = True
                return "probe"
            return "call"

    def record(self, permit, healthy):
        with self.lock:
            if permit == "probe":
                self.probing = False
                if healthy:
                    self.state, self.failures = "closed", 0
                else:
                    self.state, self.opened_at = "open", time.monotonic()
            elif self.state == "closed":
                # A call that started while closed but ends after the circuit opened changes nothing.
                if healthy:
                    self.failures = 0
                else:
                    self.failures += 1
                    if self.failures >= self.threshold:
                        self.state, self.opened_at = "open", time.monotonic()

    def is_open(self):
        with self.lock:
            return self.state == "open"

    def retry_after(self):
        """Whole seconds until a probe may go through, at least 1."""
        with self.lock:
            left = self.cooldown - (time.monotonic() - self.opened_at)
        return max(1, math.ceil(left))


breaker = Breaker(BREAKER_THRESHOLD, BREAKER_COOLDOWN)


class Outcome:
    """One attempt: an HTTP answer (status, headers, body) or a transport failure (status None)."""

    def __init__(self, status=None, headers=None, body=b"", problem=""):
        self.status, self.headers, self.body, self.problem = status, headers or {}, body, problem

    def retryable(self):
        return self.status is None or self.status in RETRYABLE

    def retry_after(self):
        value = self.headers.get("retry-after", "").strip()
        return int(value) if value.isdigit() else 0


def call_upstream(sku):
    connection = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port or 80, timeout=ATTEMPT_TIMEOUT)
    try:
        connection.request("GET", f"{UPSTREAM.path.rstrip('/')}/price/{sku}")
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Outcome(response.status, headers, body)
    except ConnectionRefusedError:
        return Outcome(599, {}, json.dumps({"error": "the upstream is down"}).encode())
    except (OSError, http.client.HTTPException) as error:
        return Outcome(problem=f"{type(error).__name__}: {error}")
    finally:
        connection.close()


def backoff(retry):
    """The wait before retry number `retry` (1 for the second attempt): equal jitter under a capped exponential."""
    ceiling = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (retry - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def quote(sku):
    """(status, body, extra headers) for GET /quote/SKU."""
    started = time.monotonic()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        permit = breaker.permit()
        if permit == "reject":
            return circuit_open()
        outcome = call_upstream(sku)
        breaker.record(permit, healthy=not outcome.retryable())
        if outcome.status == 599:
            return error(502, "the upstream refused the connection")
        if not outcome.retryable():
            return outcome.status, outcome.body, {}
        print(f"{sku}: attempt {attempt} failed: {outcome.status or outcome.problem}", file=sys.stderr)
        if permit == "probe" or breaker.is_open():
            return circuit_open()
        if attempt == MAX_ATTEMPTS:
            break
        wait = max(backoff(attempt), outcome.retry_after())
        if time.monotonic() + wait - started > REQUEST_BUDGET:
            return error(504, f"the next attempt would start after the {REQUEST_BUDGET * 1000:.0f} ms budget")
        time.sleep(wait)
    return error(502, f"the upstream failed {MAX_ATTEMPTS} attempts")


def circuit_open():
    status, body, _ = error(503, "circuit open: the upstream is failing")
    return status, body, {"Retry-After": str(breaker.retry_after())}


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
