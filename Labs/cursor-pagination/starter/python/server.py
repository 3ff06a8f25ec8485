"""cursor-pagination: page through items with opaque cursors (see README.md).

Run it with `PORT=8080 python3 server.py` and try `curl 'localhost:8080/items?limit=3'`.
"""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BASE_TIME = 1735689600  # 2025-01-01T00:00:00Z, in Unix seconds


def seed_items():
    """The 200 fixed items: id 1..200, created_at = BASE_TIME + 60 * ((id * 37) % 100). Do not change this."""
    return [
        {"id": i, "name": f"item-{i:03d}", "created_at": BASE_TIME + 60 * ((i * 37) % 100)}
        for i in range(1, 201)
    ]


ITEMS = seed_items()


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/items":
            return self.send_json(404, {"error": "not found"})
        query = parse_qs(url.query, keep_blank_values=True)
        # TODO (stage 2): validate limit (1 to 100, default 20); anything else is 400 with {"error": ...}.
        limit = int(query.get("limit", ["20"])[0])
        # TODO (stage 1): sort by (created_at, id), not by id.
        ordered = sorted(ITEMS, key=lambda item: item["id"])
        # TODO (stage 1): when a cursor is given, start right after the item it stands for.
        # TODO (stage 2): a cursor this service did not issue is 400.
        page = ordered[:limit]
        # TODO (stage 1): next_cursor is an opaque string that leads to the next page, or null on the last page.
        self.send_json(200, {"items": page, "next_cursor": None})

    # TODO (stage 3): POST /items with {"name": ..., "created_at": ...} adds an item (id 201, 202, ...) and
    #   answers 201 with it. Items added while a client pages must not be repeated or skipped.

    def log_message(self, format, *args):
        pass  # Quiet: comment this out to see each request on stderr.


def main():
    port = int(os.environ.get("PORT", "8080"))
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
