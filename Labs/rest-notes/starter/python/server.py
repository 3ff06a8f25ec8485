"""rest-notes: a notes service over HTTP, standard library only (see README.md).

Run it with `PORT=8080 python3 server.py` and try it with curl.
"""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The notes, in memory: id -> {"id": ..., "title": ..., "body": ...}. Ids start at 1 and are never reused.
NOTES = {}
NEXT_ID = 1


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status, payload, headers=None):
        """Sends `payload` as a JSON response with the given status and extra headers."""
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        """The request body as bytes (empty when there is none)."""
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_GET(self):
        if self.path == "/notes":
            self.send_json(200, {"notes": list(NOTES.values())})
            return
        # TODO (stage 1): GET /notes/ID answers 200 with the note, or 404 with {"error": "..."}.
        self.send_json(404, {"error": "not found"})

    def do_POST(self):
        # TODO (stage 1): POST /notes with {"title": ..., "body": ...} stores a new note and answers
        #   201 Created, a `Location: /notes/ID` header and the note as JSON.
        # TODO (stage 3): a body that is not JSON, or has no valid title, is 400 with {"error": "..."}.
        body = json.loads(self.read_body())
        self.send_json(200, body)

    # TODO (stage 2): do_PUT replaces a note (200, or 404); do_DELETE removes it (204 and an empty body, or 404).
    # TODO (stage 3): a method a path does not support is 405 with an `Allow` header (add do_PATCH too:
    #   http.server answers 501 for methods the handler has no do_* for).

    def log_message(self, format, *args):
        pass  # Quiet: comment this out to see each request on stderr.


def main():
    port = int(os.environ.get("PORT", "8080"))
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
