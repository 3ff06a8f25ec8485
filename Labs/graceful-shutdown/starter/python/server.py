"""A small HTTP service that must shut down gracefully. See README.md for the contract.

Run it:   PORT=8080 python3 server.py
Try it:   curl -i localhost:8080/work?ms=2000 &  then  kill -TERM <pid>

It already serves every route. What it does not do yet is stop well: today SIGTERM kills it on the spot,
cutting off every request in flight. The TODOs below mark what the stages add.
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

# TODO (stage 2): remember whether we are draining, and count the requests in flight
# (a threading.Condition lets the main thread wait until the count reaches zero).


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        # TODO (stage 3): once draining, add `Connection: close` so keep-alive clients reconnect elsewhere.
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/healthz":
            self.send_json(200, {"status": "ok"})
        elif url.path == "/readyz":
            # TODO (stage 2): 503 {"status": "draining"} once SIGTERM has arrived.
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


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    print(f"listening on 127.0.0.1:{PORT}", file=sys.stderr)
    # TODO (stage 2): serve in a background thread, and let the main thread wait for SIGTERM or SIGINT
    # (signal.signal). Then: mark draining, wait DRAIN_DELAY, stop accepting AND close the listening socket,
    # wait for the requests in flight.
    # TODO (stage 3): exit 0 when they are done, or 1 when SHUTDOWN_TIMEOUT has passed since the signal.
    server.serve_forever()


if __name__ == "__main__":
    main()
