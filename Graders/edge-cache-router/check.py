"""Grades edge-cache-router: python3 check.py SCENARIO... [--submission DIR]

Plays the edge platform. It starts the learner's edge function (`python3 edge.py`, or `node edge.js` when there
is no edge.py) in DIR (default /submission) with EDGE_CONFIG pointing at the scenario's configuration, sends it
client requests one JSON line at a time -- each with the edge's clock, `now`, in whole seconds -- answers every
`fetch` it makes as the origins would (the origins are scripted here, and count and inspect every fetch), and
checks each response: status, X-Cache, Age, which origin response's body, and the fetches it caused. Prints one
TAP 13 report; each scenario runs a fresh edge process.
"""
import argparse
import json
import os
import random
import select
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from email.utils import formatdate

ORIGINS = {"eu": "https://eu.origin.example", "us": "https://us.origin.example", "ap": "https://ap.origin.example"}
CONFIG = {
    "origins": ORIGINS,
    "pops": {"fra": "eu", "lhr": "eu", "iad": "us", "sfo": "us", "sin": "ap"},
    "rules": [
        {"prefix": "/account/", "countries": ["DE", "FR", "NL", "IE", "ES", "IT"], "origin": "eu", "cache": False},
        {"prefix": "/account/", "cache": False},
        {"prefix": "/api/", "cache": False},
        {"prefix": "/static/", "origin": "us"},
    ],
    "ignored_query_params": ["utm_source", "utm_medium", "utm_campaign", "gclid", "fbclid"],
    "cache_entries": 1000,
}
COUNTRY_OF = {"fra": "DE", "lhr": "GB", "iad": "US", "sfo": "US", "sin": "SG"}
T0 = 1714564800                                   # 2024-05-01T12:00:00Z, the edge clock's start in every scenario


class Report:
    def __init__(self):
        self.results = []

    def check(self, description, ok, detail=""):
        self.results.append((description, bool(ok), detail))
        return ok

    def emit(self):
        print("TAP version 13")
        print(f"1..{len(self.results)}")
        for number, (description, ok, detail) in enumerate(self.results, start=1):
            print(f"{'ok' if ok else 'not ok'} {number} - {description}")
            if not ok and detail:
                print("  ---")
                print("  message: " + quote(detail))
                print("  ...")


def quote(text):
    text = " ".join(str(text).split())
    if len(text) > 900:
        text = text[:900] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def http_date(seconds):
    return formatdate(seconds, usegmt=True)


# --- the scripted origins ----------------------------------------------------------------------------------------

class Origins:
    """Answers fetches from a script: plans[(origin, url)] is a list of responses, the n-th fetch of that URL getting
    the n-th (the last one repeats); a response may be a function of the fetch. A response's body is made '<path> v<n>' unless the plan gives one, so a client
    response shows which fetch it came from."""

    def __init__(self):
        self.plans = {}
        self.counts = {}
        self.log = []

    def plan(self, origin, target, *responses):
        self.plans[(origin, ORIGINS[origin] + target)] = list(responses)

    def answer(self, fetch):
        key = (fetch.get("origin"), fetch.get("url"))
        self.counts[key] = self.counts.get(key, 0) + 1
        n = self.counts[key]
        self.log.append(fetch)
        plan = self.plans.get(key)
        if plan is None:
            return {"status": 404, "headers": {"content-type": "text/plain"}, "body": f"unplanned fetch of {key[1]}"}
        spec = plan[min(n, len(plan)) - 1]
        if callable(spec):
            spec = spec(fetch)
        path = key[1][len(ORIGINS.get(key[0], "")):]
        return {"status": spec.get("status", 200), "headers": dict(spec.get("headers", {})),
                "body": spec.get("body", f"{path} v{n}")}


def ok(headers=None, **extra):
    return dict({"status": 200, "headers": headers or {}}, **extra)


# --- the learner's edge function -----------------------------------------------------------------------------

def edge_command(submission):
    # Ladder says how the lab's language runs the program (after its build step); without it (run by hand),
    # the language is told by the files present.
    run = os.environ.get("LADDER_RUN")
    if run:
        return json.loads(run)
    if os.path.isfile(os.path.join(submission, "edge.py")):
        return ["python3", "edge.py"]
    if os.path.isfile(os.path.join(submission, "edge.js")):
        return ["node", "edge.js"]
    return None


class ProtocolError(Exception):
    pass


class Edge:
    def __init__(self, submission, config):
        self.command = edge_command(submission)
        handle, self.config_path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(handle, "w") as f:
            json.dump(config, f)
        self.stderr = tempfile.TemporaryFile()
        self.proc = None
        self.buffer = b""
        if self.command:
            self.proc = subprocess.Popen(self.command, cwd=submission, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self.stderr, env=dict(os.environ, EDGE_CONFIG=self.config_path))

    def line(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no line on standard output within {timeout:.0f} s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise ProtocolError(f"the edge process ended (status {self.proc.wait()}){self.tail()}")
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        try:
            return json.loads(line)
        except ValueError:
            raise ProtocolError(f"standard output is not one JSON object per line: {line[:160]!r}")

    def send(self, message):
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise ProtocolError(f"the edge process is gone (status {self.proc.wait()}){self.tail()}")

    def exchange(self, request, origins, timeout=5.0):
        """Sends one request; answers its fetches; returns (response, fetches)."""
        self.send(request)
        fetches = []
        while True:
            message = self.line(timeout)
            kind = message.get("type") if isinstance(message, dict) else None
            if kind == "fetch":
                for field, wanted in (("origin", str), ("url", str), ("method", str), ("headers", dict)):
                    if not isinstance(message.get(field), wanted):
                        raise ProtocolError(f"a fetch whose {field} is not a JSON "
                                            f"{'string' if wanted is str else 'object'}: {json.dumps(message)[:160]}")
                fetches.append(message)
                self.send(dict(origins.answer(message), type="origin-response"))
            elif kind == "response":
                if message.get("id") != request["id"]:
                    raise ProtocolError(f"a response for id {message.get('id')!r} while {request['id']!r} was asked")
                return message, fetches
            else:
                raise ProtocolError(f"expected a line of type fetch or response, got {json.dumps(message)[:160]}")

    def tail(self):
        self.stderr.seek(0)
        text = self.stderr.read().decode("utf-8", "replace").strip()
        return f"; its standard error ended with: {text[-400:]}" if text else ""

    def stop(self):
        if self.proc is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.unlink(self.config_path)


# --- steps -------------------------------------------------------------------------------------------------------

class Tester:
    """Runs a scenario's steps against one edge process; stops at the first failed step (later steps depend on it)."""

    def __init__(self, report, submission, name, config=CONFIG):
        self.report, self.name = report, name
        self.origins = Origins()
        self.edge = Edge(submission, config)
        self.counter = 0
        self.failed = self.edge.proc is None
        if self.failed:
            report.check(f"{name}: the edge function starts", False, "there is no edge.py or edge.js")

    def request(self, now, path, pop="fra", country=None, method="GET", headers=None):
        self.counter += 1
        return {"type": "request", "id": f"r{self.counter}", "now": T0 + now, "pop": pop,
                "country": country or COUNTRY_OF[pop], "method": method, "url": f"https://shop.example{path}",
                "headers": dict({"accept": "*/*"}, **(headers or {}))}

    def step(self, what, now, path, expect, pop="fra", country=None, method="GET", headers=None, status=200,
             age=None, version=None, fetch=None, conditional=None, why="", expect_headers=None):
        """One client request and what must happen. `fetch`: None (no origin fetch), or (origin, target) fetched
        once; `conditional`: the conditional headers that fetch must carry; `version`: which fetch's body."""
        if self.failed:
            return False
        request = self.request(now, path, pop, country, method, headers)
        shown = (f"{method} https://shop.example{path} at now=T0+{now}s from PoP {pop} ({request['country']})"
                 + (f" with {json.dumps(headers)}" if headers else ""))
        try:
            response, fetches = self.edge.exchange(request, self.origins)
        except ProtocolError as error:
            self.failed = True
            return self.report.check(f"{self.name}: {what}", False, f"{shown}: {error}")
        problems = []
        got_headers = {str(k).lower(): v for k, v in (response.get("headers") or {}).items()}
        if response.get("status") != status:
            problems.append(f"status {response.get('status')}, expected {status}")
        if got_headers.get("x-cache") != expect:
            problems.append(f"X-Cache {got_headers.get('x-cache')!r}, expected {expect!r}")
        if age is not None and str(got_headers.get("age")) != str(age):
            problems.append(f"Age {got_headers.get('age')!r}, expected {age}")
        for name, value in (expect_headers or {}).items():
            if got_headers.get(name) != value:
                problems.append(f"header {name}: {got_headers.get(name)!r}, expected {value!r}")
        if version is not None and not str(response.get("body", "")).endswith(f" v{version}"):
            problems.append(f"body {str(response.get('body'))[:80]!r}, expected the body of origin response v{version}")
        fetched = [(f.get("origin"), f.get("method"), f.get("url"), f.get("headers") or {}) for f in fetches]
        if fetch is None and fetched:
            problems.append(f"it fetched {[(o, m, u) for o, m, u, _ in fetched]}, expected no origin fetch")
        if fetch is not None:
            origin, target = fetch
            wanted = (origin, method, ORIGINS[origin] + target)
            if [(o, m, u) for o, m, u, _ in fetched] != [wanted]:
                problems.append(f"it fetched {[(o, m, u) for o, m, u, _ in fetched] or 'nothing'}, expected exactly "
                                f"{wanted}")
            elif conditional is not None:
                sent = {k.lower(): v for k, v in fetched[0][3].items() if k.lower() in ("if-none-match", "if-modified-since")}
                if sent != conditional:
                    problems.append(f"the fetch carried conditional headers {sent or 'none'}, expected {conditional}")
        if problems:
            self.failed = True
            return self.report.check(f"{self.name}: {what}", False,
                                     f"{shown}: {'; '.join(problems)}. {why} (response: status {response.get('status')}, "
                                     f"headers {json.dumps(got_headers)[:300]})")
        return self.report.check(f"{self.name}: {what}", True)

    def done(self):
        self.edge.stop()


# --- scenarios ---------------------------------------------------------------------------------------------------

def routing(t):
    cached = {"cache-control": "max-age=600"}
    for origin in ORIGINS:
        for target in ["/products/1", "/products/1?a=1&b=2", "/account/orders", "/static/app.js", "/api/stock", "/cart",
                       "/products/2?color=blue&color=red&size"]:
            t.origins.plan(origin, target, ok(cached))
    t.step("a PoP's requests go to its region's origin (fra -> eu)", 0, "/products/1", "MISS", fetch=("eu", "/products/1"))
    t.step("(iad -> us)", 1, "/products/1", "MISS", pop="iad", fetch=("us", "/products/1"))
    t.step("the query is normalized: ignored parameters dropped, the rest sorted by name", 2,
           "/products/1?utm_source=news&b=2&a=1&gclid=x", "MISS", pop="sin", fetch=("ap", "/products/1?a=1&b=2"))
    t.step("parameters sort by name then value; a parameter without = keeps its form", 3,
           "/products/2?size&color=red&color=blue&fbclid=9", "MISS", pop="sin", fetch=("ap", "/products/2?color=blue&color=red&size"))
    t.step("a rule with countries matches on the client's country: /account/ from DE at fra goes to eu, uncached", 4,
           "/account/orders", "BYPASS", fetch=("eu", "/account/orders"))
    t.step("... and is never cached (fetched again)", 5, "/account/orders", "BYPASS", fetch=("eu", "/account/orders"))
    t.step("the country, not the PoP, picks the rule: a DE client at iad still goes to eu", 6, "/account/orders",
           "BYPASS", pop="iad", country="DE", fetch=("eu", "/account/orders"))
    t.step("rules apply in order: a US client's /account/ falls to the next rule (nearest origin, uncached)", 7,
           "/account/orders", "BYPASS", pop="iad", fetch=("us", "/account/orders"))
    t.step("a rule's origin overrides the region: /static/ from sin goes to us", 8, "/static/app.js", "MISS",
           pop="sin", fetch=("us", "/static/app.js"))
    t.step("/api/ is never cached", 9, "/api/stock", "BYPASS", fetch=("eu", "/api/stock"))
    t.step("... fetched every time", 10, "/api/stock", "BYPASS", fetch=("eu", "/api/stock"))
    t.step("methods other than GET are forwarded as they are, never cached", 11, "/cart", "BYPASS", method="POST",
           fetch=("eu", "/cart"))


def freshness(t):
    t.origins.plan("eu", "/f/max", ok({"cache-control": "public, max-age=60"}))
    t.origins.plan("eu", "/f/shared", ok({"cache-control": "max-age=10, s-maxage=100"}))
    t.origins.plan("eu", "/f/expires", ok({"date": http_date(T0), "expires": http_date(T0 + 30)}))
    t.origins.plan("eu", "/f/none", ok({"content-type": "text/plain"}))
    t.step("a max-age response is stored", 0, "/f/max", "MISS", fetch=("eu", "/f/max"), version=1)
    t.step("and served from the cache while fresh, with its Age", 30, "/f/max", "HIT", age=30, version=1)
    t.step("after max-age it is fetched again", 61, "/f/max", "MISS", fetch=("eu", "/f/max"), version=2,
           why="Age 61 is past max-age=60.")
    t.step("and the new response is served from then on", 62, "/f/max", "HIT", age=1, version=2)
    t.step("s-maxage is stored", 0, "/f/shared", "MISS", fetch=("eu", "/f/shared"))
    t.step("s-maxage, not max-age, is a shared cache's lifetime", 50, "/f/shared", "HIT", age=50, version=1,
           why="max-age=10 is for browsers; s-maxage=100 is for shared caches like this one.")
    t.step("Expires - Date gives the lifetime when there is no max-age", 0, "/f/expires", "MISS", fetch=("eu", "/f/expires"))
    t.step("fresh before Expires", 29, "/f/expires", "HIT", age=29)
    t.step("stale after", 31, "/f/expires", "MISS", fetch=("eu", "/f/expires"), version=2)
    t.step("a response without explicit freshness is not stored", 0, "/f/none", "MISS", fetch=("eu", "/f/none"))
    t.step("so it is fetched again", 1, "/f/none", "MISS", fetch=("eu", "/f/none"), version=2,
           why="No max-age, s-maxage or Expires: this cache does not guess a lifetime.")


def age(t):
    t.origins.plan("eu", "/a/aged", ok({"cache-control": "max-age=60", "age": "50"}))
    t.origins.plan("eu", "/a/edge", ok({"cache-control": "max-age=60"}))
    t.origins.plan("eu", "/a/zero", ok({"cache-control": "max-age=0"}))
    t.step("a response that arrives with Age: 50 is stored", 0, "/a/aged", "MISS", fetch=("eu", "/a/aged"))
    t.step("its age counts from the origin's Age: 50 + 5 = 55", 5, "/a/aged", "HIT", age=55,
           why="Age is the origin's Age header plus the time spent in this cache.")
    t.step("it is stale at 50 + 10 = 60 (fresh only while age < max-age)", 10, "/a/aged", "MISS", fetch=("eu", "/a/aged"),
           version=2)
    t.step("a max-age=60 response is stored", 100, "/a/edge", "MISS", fetch=("eu", "/a/edge"))
    t.step("fresh at age 59", 159, "/a/edge", "HIT", age=59)
    t.step("stale at exactly age 60", 160, "/a/edge", "MISS", fetch=("eu", "/a/edge"), version=2,
           why="A response is fresh while its age is below its lifetime; at age == max-age it is stale.")
    t.step("max-age=0 is stored", 200, "/a/zero", "MISS", fetch=("eu", "/a/zero"))
    t.step("but never fresh", 200, "/a/zero", "MISS", fetch=("eu", "/a/zero"), version=2)


def not_stored(t):
    cases = [
        ("/n/no-store", {"cache-control": "no-store, max-age=60"}, 200, "no-store"),
        ("/n/private", {"cache-control": "private, max-age=60"}, 200, "private (one user's page, e.g. their account)"),
        ("/n/cookie", {"cache-control": "max-age=60", "set-cookie": "session=abc123; HttpOnly"}, 200, "Set-Cookie"),
        ("/n/vary-star", {"cache-control": "max-age=60", "vary": "*"}, 200, "Vary: *"),
        ("/n/error", {"cache-control": "max-age=60"}, 500, "status 500"),
        ("/n/found", {"cache-control": "max-age=60", "location": "/elsewhere"}, 302, "status 302"),
    ]
    for target, headers, status, _ in cases:
        t.origins.plan("eu", target, {"status": status, "headers": headers})
    now = 0
    for target, _, status, what in cases:
        t.step(f"a response with {what} is passed on", now, target, "MISS", status=status, fetch=("eu", target))
        t.step(f"but not stored", now + 1, target, "MISS", status=status, fetch=("eu", target), version=2,
               why=f"A shared cache must not store a response with {what}.")
        now += 10
    t.origins.plan("eu", "/n/gone", {"status": 404, "headers": {"cache-control": "max-age=60"}})
    t.origins.plan("eu", "/n/moved", {"status": 301, "headers": {"cache-control": "max-age=60", "location": "/new"}})
    t.step("a 404 with max-age is stored", 100, "/n/gone", "MISS", status=404, fetch=("eu", "/n/gone"))
    t.step("and served from the cache", 101, "/n/gone", "HIT", status=404, age=1)
    t.step("a 301 with max-age is stored", 100, "/n/moved", "MISS", status=301, fetch=("eu", "/n/moved"))
    t.step("and served from the cache", 101, "/n/moved", "HIT", status=301, age=1)


def authorization(t):
    auth = {"authorization": "Bearer user-17"}
    t.origins.plan("eu", "/u/profile", ok({"cache-control": "max-age=60"}))
    t.origins.plan("eu", "/u/catalog", ok({"cache-control": "public, max-age=60"}))
    t.origins.plan("eu", "/u/prices", ok({"cache-control": "s-maxage=60"}))
    t.step("a response to a request with Authorization is passed on", 0, "/u/profile", "MISS", headers=auth,
           fetch=("eu", "/u/profile"))
    t.step("but not stored: the next client (without credentials) does not get it", 1, "/u/profile", "MISS",
           fetch=("eu", "/u/profile"), version=2,
           why="A shared cache stores a response to an authorized request only when it says public or s-maxage.")
    t.step("unless it says public", 0, "/u/catalog", "MISS", headers=auth, fetch=("eu", "/u/catalog"))
    t.step("(then it is served from the cache)", 1, "/u/catalog", "HIT", age=1, version=1)
    t.step("or has s-maxage", 0, "/u/prices", "MISS", headers=auth, fetch=("eu", "/u/prices"))
    t.step("(then it is served from the cache)", 1, "/u/prices", "HIT", age=1, version=1, headers=auth)


def vary(t):
    def by_encoding(fetch):
        encoding = fetch["headers"].get("accept-encoding")
        return ok({"cache-control": "max-age=300", "vary": "Accept-Encoding",
                   "content-encoding": encoding or "identity"})
    t.origins.plan("eu", "/v/page", by_encoding)
    gzip, br = {"accept-encoding": "gzip"}, {"accept-encoding": "br"}
    t.step("a gzip client: fetched (with its headers) and stored (Vary: Accept-Encoding)", 0, "/v/page", "MISS",
           headers=gzip, fetch=("eu", "/v/page"), version=1, expect_headers={"content-encoding": "gzip"},
           why="Forward the client's headers: the origin chose the encoding from its accept-encoding.")
    t.step("another gzip client: served the stored gzip variant, with its headers", 1, "/v/page", "HIT", headers=gzip, version=1,
           age=1, expect_headers={"content-encoding": "gzip", "vary": "Accept-Encoding", "cache-control": "max-age=300"},
           why="A hit is the stored response: its status, its headers and its body, plus age and x-cache.")
    t.step("a client without Accept-Encoding does not get the gzip variant: fetched", 2, "/v/page", "MISS",
           fetch=("eu", "/v/page"), version=2,
           why="The stored response varies on Accept-Encoding, and this request's value (none) differs.")
    t.step("then its own variant is served to the next such client", 3, "/v/page", "HIT", version=2, age=1)
    t.step("the gzip variant is still there", 4, "/v/page", "HIT", headers=gzip, version=1, age=4)
    t.step("a br client: a third variant", 5, "/v/page", "MISS", headers=br, fetch=("eu", "/v/page"), version=3,
           expect_headers={"content-encoding": "br"})


def cache_key(t):
    for target in ["/k/item", "/k/item?a=1&b=2"]:
        t.origins.plan("eu", target, ok({"cache-control": "max-age=300"}))
    t.origins.plan("us", "/static/logo.png", ok({"cache-control": "max-age=300"}))
    t.step("stored at fra", 0, "/k/item", "MISS", fetch=("eu", "/k/item"))
    t.step("ignored parameters do not change the key", 1, "/k/item?utm_campaign=spring&fbclid=1", "HIT", age=1)
    t.step("each PoP has its own cache: lhr fetches", 2, "/k/item", "MISS", pop="lhr", fetch=("eu", "/k/item"),
           version=2)
    t.step("parameter order does not change the key", 3, "/k/item?b=2&a=1", "MISS", fetch=("eu", "/k/item?a=1&b=2"))
    t.step("(the same parameters in another order: a hit)", 4, "/k/item?a=1&b=2", "HIT", age=1)
    t.step("a rule's origin is shared, the cache is not: sfo", 5, "/static/logo.png", "MISS", pop="sfo",
           fetch=("us", "/static/logo.png"))
    t.step("and sin fetch separately", 6, "/static/logo.png", "MISS", pop="sin", fetch=("us", "/static/logo.png"),
           version=2)


def revalidation(t):
    def etag_plan(fetch):
        if fetch["headers"].get("if-none-match") == '"v1"':
            return {"status": 304, "headers": {"cache-control": "max-age=20", "etag": '"v1"'}, "body": ""}
        return ok({"cache-control": "max-age=10", "etag": '"v1"'})
    t.origins.plan("eu", "/r/etag", ok({"cache-control": "max-age=10", "etag": '"v1"'}), etag_plan,
                   ok({"cache-control": "max-age=10", "etag": '"v2"'}))
    modified = http_date(T0 - 3600)

    def lastmod_plan(fetch):
        if fetch["headers"].get("if-modified-since") == modified:
            return {"status": 304, "headers": {"cache-control": "max-age=10"}, "body": ""}
        return ok({"cache-control": "max-age=10", "last-modified": modified})
    t.origins.plan("eu", "/r/lastmod", lastmod_plan)

    def no_cache_plan(fetch):
        if fetch["headers"].get("if-none-match") == '"n1"':
            return {"status": 304, "headers": {"cache-control": "no-cache", "etag": '"n1"'}, "body": ""}
        return ok({"cache-control": "no-cache", "etag": '"n1"'})
    t.origins.plan("eu", "/r/no-cache", no_cache_plan)
    t.step("a response with an ETag is stored", 0, "/r/etag", "MISS", fetch=("eu", "/r/etag"), version=1)
    t.step("when stale, it is revalidated with If-None-Match; a 304 serves the stored body", 11, "/r/etag",
           "REVALIDATED", fetch=("eu", "/r/etag"), conditional={"if-none-match": '"v1"'}, version=1, age=0,
           why="Stale with a validator: ask the origin whether it changed (If-None-Match: the ETag) instead of "
           "downloading it again; a 304 means keep it.")
    t.step("the 304's headers replace the stored ones: max-age=20 from the revalidation", 30, "/r/etag", "HIT", age=19,
           version=1)
    t.step("a 200 to a revalidation replaces the stored response", 31, "/r/etag", "MISS", fetch=("eu", "/r/etag"),
           conditional={"if-none-match": '"v1"'}, version=3)
    t.step("(the new one is served)", 32, "/r/etag", "HIT", age=1, version=3)
    t.origins.plan("eu", "/r/aged", ok({"cache-control": "max-age=60", "age": "50", "etag": '"g1"'}),
                   {"status": 304, "headers": {"cache-control": "max-age=60", "etag": '"g1"'}, "body": ""})
    t.step("a response that came with Age: 50 is stored", 40, "/r/aged", "MISS", fetch=("eu", "/r/aged"), version=1)
    t.step("stale 10 s later (50 + 10); revalidated", 50, "/r/aged", "REVALIDATED", fetch=("eu", "/r/aged"),
           conditional={"if-none-match": '"g1"'}, version=1, age=0,
           why="The 304 has no Age: the origin's old Age no longer applies, the copy is as good as new.")
    t.step("its age now counts from the revalidation", 55, "/r/aged", "HIT", version=1, age=5)
    t.step("a response with Last-Modified is stored", 0, "/r/lastmod", "MISS", fetch=("eu", "/r/lastmod"), version=1)
    t.step("when stale, revalidated with If-Modified-Since", 20, "/r/lastmod", "REVALIDATED", fetch=("eu", "/r/lastmod"),
           conditional={"if-modified-since": modified}, version=1, age=0)
    t.step("no-cache is stored", 0, "/r/no-cache", "MISS", fetch=("eu", "/r/no-cache"), version=1)
    t.step("but revalidated before every use", 1, "/r/no-cache", "REVALIDATED", fetch=("eu", "/r/no-cache"),
           conditional={"if-none-match": '"n1"'}, version=1, age=0,
           why="no-cache does not mean 'do not store'; it means 'do not use without asking the origin'.")
    t.step("every time", 2, "/r/no-cache", "REVALIDATED", fetch=("eu", "/r/no-cache"), conditional={"if-none-match": '"n1"'},
           version=1, age=0)


def stale_if_error(t):
    down = {"status": 503, "headers": {"retry-after": "30"}, "body": "origin down"}
    t.origins.plan("eu", "/s/resilient", ok({"cache-control": "max-age=10, stale-if-error=30", "etag": '"s1"'}), down)
    t.origins.plan("eu", "/s/plain", ok({"cache-control": "max-age=10", "etag": '"p1"'}), down)
    t.step("stored", 0, "/s/resilient", "MISS", fetch=("eu", "/s/resilient"), version=1)
    t.step("stale, the origin answers 503: stale-if-error=30 lets the stale copy be served", 20, "/s/resilient", "STALE",
           fetch=("eu", "/s/resilient"), version=1, age=20,
           why="Within max-age + stale-if-error seconds, an origin error is hidden by the stale copy.")
    t.step("still within 10 + 30 s of age", 40, "/s/resilient", "STALE", fetch=("eu", "/s/resilient"), version=1, age=40)
    t.step("past it, the error is passed on", 41, "/s/resilient", "MISS", status=503, fetch=("eu", "/s/resilient"))
    t.step("stored", 0, "/s/plain", "MISS", fetch=("eu", "/s/plain"), version=1)
    t.step("without stale-if-error the origin's 503 is passed on", 20, "/s/plain", "MISS", status=503,
           fetch=("eu", "/s/plain"))


def invalidation(t):
    t.origins.plan("eu", "/wishlist", lambda fetch: {"status": 500, "headers": {}, "body": "x"}
                   if fetch["method"] == "DELETE" else ok({"cache-control": "max-age=300"}))
    t.origins.plan("eu", "/wishlist?page=2", ok({"cache-control": "max-age=300"}))
    t.step("stored at fra", 0, "/wishlist", "MISS", fetch=("eu", "/wishlist"))
    t.step("and at lhr", 1, "/wishlist", "MISS", pop="lhr", fetch=("eu", "/wishlist"), version=2)
    t.step("page 2 at fra", 2, "/wishlist?page=2", "MISS", fetch=("eu", "/wishlist?page=2"))
    t.step("a POST to it is forwarded", 3, "/wishlist", "BYPASS", method="POST", fetch=("eu", "/wishlist"), version=3)
    t.step("and a successful POST invalidates what fra stored for that URL", 4, "/wishlist", "MISS",
           fetch=("eu", "/wishlist"), version=4, why="After an unsafe method succeeds, the stored response is outdated.")
    t.step("only that URL: page 2 is still cached", 5, "/wishlist?page=2", "HIT", age=3)
    t.step("only in that PoP: lhr still has its copy", 6, "/wishlist", "HIT", pop="lhr", version=2, age=5)
    t.step("a failed DELETE (500) is forwarded", 7, "/wishlist", "BYPASS", method="DELETE", status=500,
           fetch=("eu", "/wishlist"))
    t.step("and invalidates nothing", 8, "/wishlist", "HIT", version=4, age=4)

    def by_method(fetch):
        if fetch["method"] == "PUT":
            return {"status": 204, "headers": {}, "body": ""}
        if fetch["method"] == "PATCH":
            return {"status": 303, "headers": {"location": "/list"}, "body": ""}
        return ok({"cache-control": "max-age=300", "vary": "accept-language"})
    t.origins.plan("eu", "/list", by_method)
    de, fr = {"accept-language": "de"}, {"accept-language": "fr"}
    t.step("a variant of /list is stored (de)", 10, "/list", "MISS", headers=de, fetch=("eu", "/list"), version=1)
    t.step("and another (fr)", 11, "/list", "MISS", headers=fr, fetch=("eu", "/list"), version=2)
    t.step("(the de variant is served from the cache)", 12, "/list", "HIT", headers=de, version=1, age=2)
    t.step("a PUT answered 204 is forwarded", 13, "/list", "BYPASS", method="PUT", status=204, fetch=("eu", "/list"))
    t.step("and drops the de variant", 14, "/list", "MISS", headers=de, fetch=("eu", "/list"), version=4,
           why="A successful PUT invalidates every variant this PoP stored for the URL.")
    t.step("and the fr variant too", 15, "/list", "MISS", headers=fr, fetch=("eu", "/list"), version=5,
           why="A successful PUT invalidates every variant this PoP stored for the URL, not only one.")
    t.step("a PATCH answered 303 (a 3xx) is forwarded", 16, "/list", "BYPASS", method="PATCH", status=303,
           fetch=("eu", "/list"))
    t.step("and invalidates too", 17, "/list", "MISS", headers=fr, fetch=("eu", "/list"), version=7,
           why="An unsafe method answered 2xx or 3xx invalidates; a redirect is a success.")


SMALL = dict(CONFIG, cache_entries=3)


def capacity(t):
    for n in range(1, 6):
        t.origins.plan("eu", f"/c/{n}", ok({"cache-control": "max-age=3600"}))
    t.origins.plan("eu", "/c/v", lambda fetch: ok({"cache-control": "max-age=3600", "vary": "accept-language"}))
    t.step("store /c/1", 0, "/c/1", "MISS", fetch=("eu", "/c/1"))
    t.step("store /c/2", 1, "/c/2", "MISS", fetch=("eu", "/c/2"))
    t.step("store /c/3 (the cache holds 3)", 2, "/c/3", "MISS", fetch=("eu", "/c/3"))
    t.step("use /c/1", 3, "/c/1", "HIT", age=3)
    t.step("store /c/4: evicts the least recently used, /c/2", 4, "/c/4", "MISS", fetch=("eu", "/c/4"))
    t.step("/c/1 survived (it was used after /c/2)", 5, "/c/1", "HIT", age=5,
           why="Evict the least recently *used* entry, not the oldest stored one.")
    t.step("/c/2 was evicted", 6, "/c/2", "MISS", fetch=("eu", "/c/2"), version=2)
    t.step("(which evicted /c/3)", 7, "/c/3", "MISS", fetch=("eu", "/c/3"), version=2)
    t.step("two variants of /c/v take two entries", 8, "/c/v", "MISS", headers={"accept-language": "de"},
           fetch=("eu", "/c/v"))
    t.step("(the second variant)", 9, "/c/v", "MISS", headers={"accept-language": "fr"}, fetch=("eu", "/c/v"), version=2)
    t.step("the de variant is still there", 10, "/c/v", "HIT", headers={"accept-language": "de"}, version=1, age=2)
    t.step("/c/2 was evicted to make room for the two variants", 11, "/c/2", "MISS", fetch=("eu", "/c/2"), version=3)


def lru_uses(t):
    """Revalidating a stored response and serving it STALE are uses, like a HIT: the entry becomes the most recently
    used. The cache holds 3."""
    for n in range(1, 4):
        t.origins.plan("eu", f"/u/{n}", ok({"cache-control": "max-age=3600"}))
    t.origins.plan("eu", "/u/r", ok({"cache-control": "max-age=5", "etag": '"r1"'}),
                   {"status": 304, "headers": {"cache-control": "max-age=3600", "etag": '"r1"'}, "body": ""})
    t.origins.plan("eu", "/u/s", ok({"cache-control": "max-age=5, stale-if-error=600", "etag": '"s1"'}),
                   {"status": 503, "headers": {}, "body": "origin down"})
    t.step("store /u/r (max-age=5, an ETag)", 0, "/u/r", "MISS", fetch=("eu", "/u/r"))
    t.step("store /u/1", 1, "/u/1", "MISS", fetch=("eu", "/u/1"))
    t.step("store /u/2 (the cache holds 3; /u/r is the least recently used)", 2, "/u/2", "MISS", fetch=("eu", "/u/2"))
    t.step("/u/r, stale, is revalidated (a use)", 10, "/u/r", "REVALIDATED", fetch=("eu", "/u/r"),
           conditional={"if-none-match": '"r1"'}, version=1, age=0)
    t.step("store /u/3: evicts /u/1, not the just revalidated /u/r", 11, "/u/3", "MISS", fetch=("eu", "/u/3"))
    t.step("/u/r survived", 12, "/u/r", "HIT", version=1, age=2,
           why="Revalidating a stored response is a use: it moves to the most recently used end.")
    t.step("store /u/s (max-age=5, stale-if-error=600): evicts /u/2", 20, "/u/s", "MISS", fetch=("eu", "/u/s"))
    t.step("use /u/3", 21, "/u/3", "HIT", age=10)
    t.step("use /u/r: /u/s is now the least recently used", 22, "/u/r", "HIT", version=1, age=12)
    t.step("/u/s, stale, the origin down: served STALE (a use)", 30, "/u/s", "STALE", fetch=("eu", "/u/s"), version=1,
           age=10)
    t.step("store /u/1 again: evicts /u/3, not the just served /u/s", 31, "/u/1", "MISS", fetch=("eu", "/u/1"), version=2)
    t.step("/u/s survived (served STALE again)", 32, "/u/s", "STALE", fetch=("eu", "/u/s"), version=1, age=12,
           why="Serving a stale response on an origin error is a use: it moves to the most recently used end.")


SCALE = dict(CONFIG, cache_entries=5000)
SCALE_REQUESTS, SCALE_URLS, SCALE_HOT = 30000, 20000, 2000


def scale(t):
    """30,000 requests over 20,000 URLs at one PoP, 70% of them to 2,000 hot URLs; the cache holds 5,000."""
    generator = random.Random(20240501)
    hot = [f"/p/{n}" for n in range(SCALE_HOT)]
    cold = [f"/p/{n}" for n in range(SCALE_HOT, SCALE_URLS)]
    for target in hot + cold:
        t.origins.plan("eu", target, ok({"cache-control": "max-age=86400"}))
    capacity = SCALE["cache_entries"]
    model = OrderedDict()                  # target -> (stored at, version), least recently used first
    versions = {}
    fetches = 0
    for index in range(SCALE_REQUESTS):
        target = generator.choice(hot) if generator.random() < 0.7 else generator.choice(cold)
        if target in model:
            model.move_to_end(target)
            stored_at, version = model[target]
            expect, fetch, age = "HIT", None, index - stored_at
        else:
            fetches += 1
            version = versions[target] = versions.get(target, 0) + 1
            model[target] = (index, version)
            if len(model) > capacity:
                model.popitem(last=False)
            expect, fetch, age = "MISS", ("eu", target), None
        if not t.step(f"request {index + 1} of {SCALE_REQUESTS:,} ({target})", index, target, expect, fetch=fetch, age=age,
                      version=version, why=f"The cache holds {capacity:,} entries and evicts the least recently used."):
            return
        t.report.results.pop()             # one line for the whole run, not one per request
    t.report.check(f"{t.name}: {SCALE_REQUESTS:,} requests answered as an LRU cache of {capacity:,} entries would, with "
                   f"{fetches:,} origin fetches", True)


SCENARIOS = {
    "routing": (routing, CONFIG), "freshness": (freshness, CONFIG), "age": (age, CONFIG),
    "not-stored": (not_stored, CONFIG), "authorization": (authorization, CONFIG), "vary": (vary, CONFIG),
    "cache-key": (cache_key, CONFIG), "revalidation": (revalidation, CONFIG), "stale-if-error": (stale_if_error, CONFIG),
    "invalidation": (invalidation, CONFIG), "capacity": (capacity, SMALL), "lru-uses": (lru_uses, SMALL),
    "scale": (scale, SCALE),
}


def main():
    parser = argparse.ArgumentParser(description="Grades edge-cache-router.")
    parser.add_argument("scenarios", nargs="+", choices=sorted(SCENARIOS) + ["all"], metavar="SCENARIO",
                        help=f"one or more of: {', '.join(SCENARIOS)}; or all")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    report = Report()
    submission = os.path.abspath(args.submission)
    for name in (list(SCENARIOS) if "all" in args.scenarios else args.scenarios):
        function, config = SCENARIOS[name]
        tester = Tester(report, submission, name, config)
        try:
            if not tester.failed:
                function(tester)
        finally:
            tester.done()
    report.emit()


if __name__ == "__main__":
    main()
