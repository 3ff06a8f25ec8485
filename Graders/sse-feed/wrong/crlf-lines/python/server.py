# Wrong: ends the stream's lines with \r\n, as HTTP headers do, where the README says every line ends with \n.
"""An event feed over Server-Sent Events: POST /events appends, GET /stream streams. See README.md.

Every subscriber has its own thread and its own position in the append-only log, so a subscriber that reads
slowly only ever blocks its own thread, and resuming from Last-Event-ID is a matter of where that position starts.
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8080"))
HEARTBEAT = int(os.environ.get("HEARTBEAT_MS") or "15000") / 1000

log = []                          # encoded frames; the event with id N is log[N - 1]
changed = threading.Condition()


def frame(number, name, data):
    lines = "".join(f"data: {line}\r\n" for line in data.split("\n"))
    return f"id: {number}\r\nevent: {name}\r\n{lines}\r\n".encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

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
        try:
            event = json.loads(body)
        except ValueError:
            event = None
        if not isinstance(event, dict) or not isinstance(event.get("data"), str):
            self.send_json(400, {"error": "the body must be a JSON object with a string \"data\""})
            return
        name = event.get("event", "message")
        if not isinstance(name, str) or name == "" or "\n" in name or "\r" in name:
            self.send_json(400, {"error": "\"event\" must be a non-empty string on one line"})
            return
        with changed:
            log.append(frame(len(log) + 1, name, event["data"]))
            number = len(log)
            changed.notify_all()
        self.send_json(201, {"id": number})

    def do_GET(self):
        if self.path != "/stream":
            self.send_json(404, {"error": f"no route for GET {self.path}"})
            return
        last = self.headers.get("Last-Event-ID", "").strip()
        with changed:
            position = min(int(last), len(log)) if last.isascii() and last.isdigit() else len(log)
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        try:                      # self.wfile is unbuffered: every write goes out at once
            while True:
                with changed:
                    if position == len(log):
                        changed.wait(HEARTBEAT)
                    frames = log[position:]
                position += len(frames)
                self.wfile.write(b"".join(frames) if frames else b": heartbeat\r\n\r\n")
        except OSError:
            pass                  # the subscriber went away


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.daemon_threads = True
    print(f"listening on 127.0.0.1:{PORT}", file=sys.stderr)
    server.serve_forever()


if __name__ == "__main__":
    main()
