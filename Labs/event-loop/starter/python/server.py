"""event-loop: a hashing service whose CPU work must not block the request path (see README.md).

Run it with `PORT=8080 python3 server.py` and try `curl 'localhost:8080/hash?seed=abc&rounds=2000000'`.
"""
import hashlib
import json
import os
import re
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_ROUNDS = 5_000_000
SEED = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
ROUNDS = re.compile(r"^[0-9]+$")


def hash_chain(seed, rounds):
    """sha256 of the seed's bytes, then sha256 of each digest, `rounds` times in all; the last one in hex."""
    digest = hashlib.sha256(seed.encode()).digest()
    for _ in range(rounds - 1):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


def parse(query):
    """(seed, rounds) from the query string, or an error message."""
    params = parse_qs(query, keep_blank_values=True)
    seeds, rounds = params.get("seed", []), params.get("rounds", [])
    if len(seeds) != 1 or not SEED.match(seeds[0]):
        return None, "seed must be given once: 1 to 64 letters, digits, '-' or '_'"
    if len(rounds) != 1 or not ROUNDS.match(rounds[0]) or not 1 <= int(rounds[0]) <= MAX_ROUNDS:
        return None, f"rounds must be given once: a whole number from 1 to {MAX_ROUNDS}"
    return (seeds[0], int(rounds[0])), None


# TODO (stage 3): read WORKERS (default 2) and QUEUE_LIMIT (default 4) from the environment.


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status, payload, headers=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/healthz":
            return self.send_json(200, {"status": "ok"})
        if url.path != "/hash":
            return self.send_json(404, {"error": f"no such path: {url.path}"})
        job, problem = parse(url.query)
        if problem:
            return self.send_json(400, {"error": problem})
        seed, rounds = job
        # TODO (stage 2): this computes on the request path: while it runs, nothing else is answered.
        #   Hand the job to a pool of WORKERS worker processes and wait for its result.
        # TODO (stage 3): admit at most WORKERS running + QUEUE_LIMIT waiting jobs; refuse others at once with
        #   503, {"error": ...} and the header Retry-After: 1.
        digest = hash_chain(seed, rounds)
        self.send_json(200, {"seed": seed, "rounds": rounds, "hash": digest})

    def log_message(self, format, *args):
        pass  # Quiet: comment this out to see each request on stderr.


def main():
    port = int(os.environ.get("PORT", "8080"))
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
