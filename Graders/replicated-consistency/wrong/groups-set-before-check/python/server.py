"""The replicated store's HTTP interface (see README.md): routing and JSON only; the logic is in store.py."""
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from store import Cluster, Refused, decode_session, encode_session, load_design

CLUSTER = Cluster(load_design())
LOCK = threading.Lock()
ACCOUNT = re.compile(r"^/replicas/([^/]+)/accounts/([^/]+)$")
CART = re.compile(r"^/replicas/([^/]+)/carts/([^/]+)$")
ITEMS = re.compile(r"^/replicas/([^/]+)/carts/([^/]+)/items$")
ITEM = re.compile(r"^/replicas/([^/]+)/carts/([^/]+)/items/([^/]+)$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, doc, session=None):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if session is not None:
            self.send_header("X-Session", encode_session(session))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            doc = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            raise Refused(400, "bad-json")
        return doc

    def route(self):
        path, method = self.path.split("?", 1)[0], self.command
        if path == "/_net":
            if method == "PUT":
                doc = self.body()
                CLUSTER.set_groups(doc.get("groups") if isinstance(doc, dict) else None)
            return 200, CLUSTER.describe(), None
        if path == "/_net/sync" and method == "POST":
            CLUSTER.sync()
            return 200, {}, None
        for pattern, handler in ((ACCOUNT, self.account), (CART, self.cart), (ITEMS, self.cart), (ITEM, self.cart)):
            match = pattern.match(path)
            if match:
                replica = unquote(match.group(1))
                if replica not in ("a", "b", "c"):
                    raise Refused(404, "no-such-replica")
                return handler(pattern, replica, [unquote(g) for g in match.groups()[1:]], method)
        raise Refused(404, "not-found")

    def account(self, pattern, replica, names, method):
        if method == "GET":
            return 200, CLUSTER.read_account(replica, names[0]), None
        if method == "PUT":
            doc = self.body()
            balance = doc.get("balance") if isinstance(doc, dict) else None
            if type(balance) is not int:
                raise Refused(400, "balance must be an integer")
            return 200, CLUSTER.write_account(replica, names[0], balance), None
        raise Refused(405, "method-not-allowed")

    def cart(self, pattern, replica, names, method):
        session = decode_session(self.headers.get("X-Session"))
        if pattern is CART and method == "GET":
            operation = None
        elif pattern is ITEMS and method == "POST":
            doc = self.body()
            item = doc.get("item") if isinstance(doc, dict) else None
            if not isinstance(item, str) or not item:
                raise Refused(400, "item must be a non-empty string")
            operation = ("add", item)
        elif pattern is ITEM and method == "DELETE":
            operation = ("remove", names[1])
        else:
            raise Refused(405, "method-not-allowed")
        doc, session = CLUSTER.cart(replica, names[0], session, operation)
        return 200, doc, session

    def handle_any(self):
        with LOCK:
            try:
                status, doc, session = self.route()
            except Refused as refused:
                status, doc, session = refused.status, {"error": refused.error}, None
        self.reply(status, doc, session)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = handle_any


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
