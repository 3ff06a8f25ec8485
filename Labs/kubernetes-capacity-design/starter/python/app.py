"""checkout-api, the service you are deploying (you do not need to change it; the lab is about k8s/).

What matters for the manifests:
- it listens on port 8080;
- GET /healthz/live answers 200 while the process can serve at all (it checks nothing else);
- GET /healthz/ready answers 200 once the price cache is warm (up to 45 s after start) and while the database
  answers; 503 otherwise;
- it writes temporary files (request bodies over 1 MiB) to /tmp, and nothing else to disk;
- it never calls the Kubernetes API.
"""
import json
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WARM_UP_SECONDS = float(os.environ.get("WARM_UP_SECONDS", "45"))
started = time.monotonic()


def database_answers():
    return True  # the real service pings PostgreSQL here, with a 200 ms timeout


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/healthz/live":
            self.answer(200, {"status": "alive"})
        elif self.path == "/healthz/ready":
            warm = time.monotonic() - started >= WARM_UP_SECONDS
            ready = warm and database_answers()
            self.answer(200 if ready else 503, {"ready": ready, "cache_warm": warm})
        else:
            self.answer(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        with tempfile.SpooledTemporaryFile(max_size=2**20, dir="/tmp") as spool:
            spool.write(self.rfile.read(length))
        self.answer(202, {"accepted": length})


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
