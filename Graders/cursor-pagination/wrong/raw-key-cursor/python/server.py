# Known-wrong (raw-key-cursor): hands out the raw sort key "1735689600_200" as the cursor: URL-safe and working, but not opaque, so clients read and build cursors.
"""cursor-pagination reference: keyset pagination with opaque cursors over (created_at, id)."""
import base64
import binascii
import bisect
import json
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock
from urllib.parse import parse_qs, urlsplit

BASE_TIME = 1735689600  # 2025-01-01T00:00:00Z
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def seed_items():
    """The 200 fixed items: id 1..200, created_at = BASE_TIME + 60 * ((id * 37) % 100)."""
    return [
        {"id": i, "name": f"item-{i:03d}", "created_at": BASE_TIME + 60 * ((i * 37) % 100)}
        for i in range(1, 201)
    ]


class Store:
    """Items kept sorted by their sort key (created_at, id), so a page is a binary search and a slice."""

    def __init__(self, items):
        self.lock = Lock()
        self.items = sorted(items, key=self.key)
        self.keys = [self.key(item) for item in self.items]
        self.next_id = max(item["id"] for item in items) + 1

    @staticmethod
    def key(item):
        return (item["created_at"], item["id"])

    def add(self, name, created_at):
        with self.lock:
            item = {"id": self.next_id, "name": name, "created_at": created_at}
            self.next_id += 1
            position = bisect.bisect_right(self.keys, self.key(item))
            self.keys.insert(position, self.key(item))
            self.items.insert(position, item)
            return item

    def page(self, after, limit):
        """Up to `limit` items whose key is strictly greater than `after` (None: from the start), and whether more follow."""
        with self.lock:
            start = 0 if after is None else bisect.bisect_right(self.keys, after)
            chunk = self.items[start:start + limit]
            return chunk, start + limit < len(self.items)


STORE = Store(seed_items())


def encode_cursor(item):
    return f"{item['created_at']}_{item['id']}"


def decode_cursor(cursor):
    """The (created_at, id) a cursor stands for, or None when it is not one of ours."""
    match = re.fullmatch(r"([0-9]+)_([0-9]+)", cursor)
    return (int(match.group(1)), int(match.group(2))) if match else None


def parse_limit(values):
    if values is None:
        return DEFAULT_LIMIT
    text = values[-1]
    if not re.fullmatch(r"[0-9]+", text):
        return None
    limit = int(text)
    return limit if 1 <= limit <= MAX_LIMIT else None


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

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/items":
            return self.send_json(404, {"error": f"no such resource: {url.path}"})
        query = parse_qs(url.query, keep_blank_values=True)
        limit = parse_limit(query.get("limit"))
        if limit is None:
            return self.send_json(400, {"error": f"limit must be an integer from 1 to {MAX_LIMIT}"})
        after = None
        if "cursor" in query:
            after = decode_cursor(query["cursor"][-1])
            if after is None:
                return self.send_json(400, {"error": "cursor is not valid; use a next_cursor this service returned"})
        items, more = STORE.page(after, limit)
        next_cursor = encode_cursor(items[-1]) if more and items else None
        self.send_json(200, {"items": items, "next_cursor": next_cursor})

    def do_POST(self):
        if urlsplit(self.path).path != "/items":
            return self.send_json(404, {"error": "no such resource"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self.send_json(400, {"error": "the request body is not valid JSON"})
        if not isinstance(data, dict):
            return self.send_json(400, {"error": "the request body must be a JSON object"})
        name, created_at = data.get("name"), data.get("created_at")
        if not isinstance(name, str) or name == "":
            return self.send_json(400, {"error": "'name' must be a non-empty string"})
        if not isinstance(created_at, int) or isinstance(created_at, bool) or created_at < 0:
            return self.send_json(400, {"error": "'created_at' must be a non-negative integer (Unix seconds)"})
        item = STORE.add(name, created_at)
        self.send_json(201, item)

    def log_message(self, format, *args):
        pass


def main():
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
