"""A live event feed over Server-Sent Events. See README.md for the contract.

Run it:   PORT=8080 HEARTBEAT_MS=2000 python3 server.py
Try it:   curl -N localhost:8080/stream          (in one terminal: -N turns curl's buffering off)
          curl -d '{"data": "hello"}' localhost:8080/events      (in another)
Test it:  ladder test    (or: python3 tests/check.py post frames --submission .)

Today POST /events stores events and GET /stream is missing. The TODOs mark what the stages add.
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8080"))
# TODO (stage 3): HEARTBEAT_MS, default 15000.

events = []                       # (name, data); the event with id N is events[N - 1]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path != "/events":
            self.send_json(404, {"error": f"no route for POST {self.path}"})
            return
        event = json.loads(body)
        # TODO (stage 1): answer 400 to a body that is not a valid event (README, rule 3).
        with lock:
            events.append((event.get("event", "message"), event["data"]))
            number = len(events)
        self.send_json(201, {"id": number})

    def do_GET(self):
        # TODO (stage 1): GET /stream: the headers at once, then one frame per event appended from now on.
        # TODO (stage 2): start after Last-Event-ID when the request has one.
        # TODO (stage 3): heartbeats; a subscriber that does not read must not block anyone else.
        self.send_json(404, {"error": f"no route for GET {self.path}"})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.daemon_threads = True
    print(f"listening on 127.0.0.1:{PORT}", file=sys.stderr)
    server.serve_forever()


if __name__ == "__main__":
    main()
