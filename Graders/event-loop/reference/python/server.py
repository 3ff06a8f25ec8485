"""event-loop reference: CPU-heavy hashing offloaded to a bounded process pool, so probes stay fast."""
import hashlib
import json
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


def setting(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


class Jobs:
    """Admission: at most `workers` jobs run and `queue_limit` wait; anything beyond is refused, not buffered."""

    def __init__(self, workers, queue_limit):
        self.pool = ProcessPoolExecutor(max_workers=workers)
        self.capacity = workers + queue_limit
        self.admitted = 0
        self.lock = threading.Lock()

    def run(self, seed, rounds):
        """The hash, or None when the service is full."""
        with self.lock:
            if self.admitted >= self.capacity:
                return None
            self.admitted += 1
        try:
            return self.pool.submit(hash_chain, seed, rounds).result()
        finally:
            with self.lock:
                self.admitted -= 1


JOBS = None


def parse(query):
    """(seed, rounds) from the query string, or an error message."""
    params = parse_qs(query, keep_blank_values=True)
    seeds, rounds = params.get("seed", []), params.get("rounds", [])
    if len(seeds) != 1 or not SEED.match(seeds[0]):
        return None, "seed must be given once: 1 to 64 letters, digits, '-' or '_'"
    if len(rounds) != 1 or not ROUNDS.match(rounds[0]) or not 1 <= int(rounds[0]) <= MAX_ROUNDS:
        return None, f"rounds must be given once: a whole number from 1 to {MAX_ROUNDS}"
    return (seeds[0], int(rounds[0])), None


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
        digest = JOBS.run(seed, rounds)
        if digest is None:
            return self.send_json(503, {"error": "too many jobs: try again later"}, {"Retry-After": "1"})
        self.send_json(200, {"seed": seed, "rounds": rounds, "hash": digest})

    def log_message(self, format, *args):
        pass


def main():
    global JOBS
    JOBS = Jobs(setting("WORKERS", 2), setting("QUEUE_LIMIT", 4))
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
