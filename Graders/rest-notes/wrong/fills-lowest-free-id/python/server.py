# Known-wrong (fills-lowest-free-id): gives a new note the lowest id not in use, so a deleted note's id comes back.
"""rest-notes reference: a notes resource over HTTP with the standard library only."""
import json
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock

NOTE_PATH = re.compile(r"^/notes/([0-9]+)$")


class Store:
    """Notes in memory. Ids start at 1 and are never reused, even after a delete."""

    def __init__(self):
        self.notes = {}
        self.next_id = 1
        self.lock = Lock()

    def create(self, title, body):
        with self.lock:
            new_id = 1
            while new_id in self.notes:
                new_id += 1
            note = {"id": new_id, "title": title, "body": body}
            self.notes[note["id"]] = note
            return note


STORE = Store()


class ValidationError(Exception):
    pass


def parse_note(raw):
    """Returns (title, body) from a request body, or raises ValidationError with a message for the client."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError("the request body is not valid JSON")
    if not isinstance(data, dict):
        raise ValidationError("the request body must be a JSON object")
    title = data.get("title")
    if not isinstance(title, str) or title == "":
        raise ValidationError("'title' is required and must be a non-empty string")
    body = data.get("body", "")
    if not isinstance(body, str):
        raise ValidationError("'body' must be a string")
    return title, body


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status, payload, headers=None):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_error_json(self, status, message, headers=None):
        self.send_json(status, {"error": message}, headers)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def route(self):
        """Returns ("collection", None), ("note", id) or (None, None) for the request path."""
        path = self.path.split("?", 1)[0]
        if path == "/notes":
            return "collection", None
        match = NOTE_PATH.match(path)
        if match:
            return "note", int(match.group(1))
        return None, None

    def handle_method(self, method):
        kind, note_id = self.route()
        if kind is None:
            return self.send_error_json(404, f"no such resource: {self.path}")
        allowed = {"collection": ("GET", "POST"), "note": ("GET", "PUT", "DELETE")}[kind]
        if method not in allowed:
            return self.send_error_json(405, f"{method} is not allowed here", {"Allow": ", ".join(allowed)})
        getattr(self, f"{kind}_{method.lower()}")(note_id)

    def collection_get(self, _):
        with STORE.lock:
            notes = [STORE.notes[i] for i in sorted(STORE.notes)]
        self.send_json(200, {"notes": notes})

    def collection_post(self, _):
        try:
            title, body = parse_note(self.read_body())
        except ValidationError as error:
            return self.send_error_json(400, str(error))
        note = STORE.create(title, body)
        self.send_json(201, note, {"Location": f"/notes/{note['id']}"})

    def note_get(self, note_id):
        note = STORE.notes.get(note_id)
        if note is None:
            return self.send_error_json(404, f"note {note_id} not found")
        self.send_json(200, note)

    def note_put(self, note_id):
        raw = self.read_body()
        if note_id not in STORE.notes:
            return self.send_error_json(404, f"note {note_id} not found")
        try:
            title, body = parse_note(raw)
        except ValidationError as error:
            return self.send_error_json(400, str(error))
        with STORE.lock:
            note = {"id": note_id, "title": title, "body": body}
            STORE.notes[note_id] = note
        self.send_json(200, note)

    def note_delete(self, note_id):
        with STORE.lock:
            note = STORE.notes.pop(note_id, None)
        if note is None:
            return self.send_error_json(404, f"note {note_id} not found")
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        self.handle_method("GET")

    def do_POST(self):
        self.handle_method("POST")

    def do_PUT(self):
        self.handle_method("PUT")

    def do_DELETE(self):
        self.handle_method("DELETE")

    def do_PATCH(self):
        self.handle_method("PATCH")

    def do_OPTIONS(self):
        self.handle_method("OPTIONS")

    def log_message(self, format, *args):
        pass  # Keep the grader's output quiet.


def main():
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
