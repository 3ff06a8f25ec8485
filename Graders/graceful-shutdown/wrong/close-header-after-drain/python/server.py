# Known-wrong (close-header-after-drain): says `Connection: close` only once the listening socket is closed, so responses written during the drain delay keep their connections alive.
"""A small HTTP service that shuts down gracefully (reference solution of graceful-shutdown).

On SIGTERM or SIGINT: /readyz turns 503 at once, new requests are still served for DRAIN_DELAY_MS (the load
balancer has not noticed yet), then the listening socket is closed, requests in flight finish, and the
process exits 0 when none is left -- or 1 when SHUTDOWN_TIMEOUT_MS after the signal some are still running.
"""
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8080"))
DRAIN_DELAY = int(os.environ.get("DRAIN_DELAY_MS", "0")) / 1000
SHUTDOWN_TIMEOUT = int(os.environ.get("SHUTDOWN_TIMEOUT_MS", "10000")) / 1000
MAX_WORK_MS = 10000


class Lifecycle:
    """Whether we are draining, and how many requests are being handled right now."""

    def __init__(self):
        self.changed = threading.Condition()
        self.in_flight = 0
        self.draining = False
        self.closing = False

    def begin(self):
        with self.changed:
            self.in_flight += 1

    def end(self):
        with self.changed:
            self.in_flight -= 1
            self.changed.notify_all()

    def wait_idle(self, deadline):
        """True when no request is in flight before the monotonic `deadline`."""
        with self.changed:
            while self.in_flight > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)
            return True


lifecycle = Lifecycle()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if lifecycle.closing:
            # Tell keep-alive clients to reconnect: the next connection should go to another instance.
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        lifecycle.begin()
        try:
            self.route()
        finally:
            lifecycle.end()

    def route(self):
        url = urlsplit(self.path)
        if url.path == "/healthz":
            self.send_json(200, {"status": "ok"})
        elif url.path == "/readyz":
            if lifecycle.draining:
                self.send_json(503, {"status": "draining"})
            else:
                self.send_json(200, {"status": "ready"})
        elif url.path == "/work":
            values = parse_qs(url.query).get("ms", [])
            if len(values) != 1 or not values[0].isdigit() or int(values[0]) > MAX_WORK_MS:
                self.send_json(400, {"error": f"ms must be a whole number from 0 to {MAX_WORK_MS}"})
                return
            ms = int(values[0])
            time.sleep(ms / 1000)
            self.send_json(200, {"slept_ms": ms})
        else:
            self.send_json(404, {"error": f"no route for {url.path}"})

    def log_message(self, format, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), format % args))


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.daemon_threads = True
    # server_close() would join every handler thread, including ones parked on idle keep-alive connections.
    server.block_on_close = False
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    serving.start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.1):
        pass

    started = time.monotonic()
    lifecycle.draining = True
    print(f"draining: readiness is now 503, still accepting for {DRAIN_DELAY:.3f}s", file=sys.stderr)
    time.sleep(DRAIN_DELAY)
    lifecycle.closing = True
    server.shutdown()        # stops the accept loop...
    server.socket.close()    # ...and this makes new connections fail fast instead of hanging in the backlog
    if lifecycle.wait_idle(started + SHUTDOWN_TIMEOUT):
        print("drained: exiting", file=sys.stderr)
        sys.exit(0)
    print(f"shutdown timeout: abandoning {lifecycle.in_flight} request(s)", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
