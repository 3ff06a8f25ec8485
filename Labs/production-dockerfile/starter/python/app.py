"""The quotes service: a small WSGI app served by waitress on port 8080.

You do not need to change this file: the lab is about the Dockerfile and .dockerignore next to it.
"""
import json
import os

from waitress import serve

from quotes.store import QuoteStore

store = QuoteStore(os.environ.get("DATABASE_URL", "sqlite:///tmp/quotes.db"))


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/healthz":
        status, body = "200 OK", {"status": "ok"}
    elif path.startswith("/quote/"):
        quote = store.quote(path[len("/quote/"):])
        status, body = ("200 OK", quote) if quote else ("404 Not Found", {"error": "no such sku"})
    else:
        status, body = "404 Not Found", {"error": f"no route for {path}"}
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


if __name__ == "__main__":
    serve(application, host="0.0.0.0", port=int(os.environ.get("PORT", "8080")))
