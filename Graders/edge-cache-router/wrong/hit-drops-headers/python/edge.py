# Known-wrong (hit-drops-headers): answers a hit with its status and body but only the age and x-cache headers, dropping the stored ones (cache-control, content-type, etag...).
"""An edge function: per-region routing and a shared HTTP cache per PoP (reference solution of edge-cache-router).

handle() gets each client request with the edge's clock (`now`, whole seconds) and answers it, calling fetch()
for the origin when it must. The runtime at the bottom speaks the harness protocol of README.md.
"""
import json
import os
import sys
from collections import OrderedDict
from email.utils import parsedate_to_datetime

CONFIG = json.load(open(os.environ.get("EDGE_CONFIG", "edge-config.json"), encoding="utf-8"))
STORABLE = {200, 301, 404}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


# --- routing -------------------------------------------------------------------------------------------------

def split_url(url):
    """('/path', 'query' or '') of 'https://host/path?query'."""
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    target = rest[slash:] if slash >= 0 else "/"
    path, _, query = target.partition("?")
    return path, query


def normalized_query(query):
    """The query without the ignored parameters, its parameters sorted by name, then value."""
    ignored = set(CONFIG.get("ignored_query_params", []))
    kept = [part.partition("=") for part in query.split("&") if part]
    kept = sorted((name, equals, value) for name, equals, value in kept if name not in ignored)
    return "&".join(name + equals + value for name, equals, value in kept)


def route(request):
    """(origin name, cacheable by rule) for a request."""
    path, _ = split_url(request["url"])
    region = CONFIG["pops"][request["pop"]]
    for rule in CONFIG.get("rules", []):
        if path.startswith(rule["prefix"]) and ("countries" not in rule or request["country"] in rule["countries"]):
            return rule.get("origin", region), rule.get("cache", True)
    return region, True


# --- HTTP caching --------------------------------------------------------------------------------------------

def directives(headers):
    """Cache-Control as {name: value or True}, names lower case."""
    found = {}
    for part in headers.get("cache-control", "").split(","):
        name, equals, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value.strip().strip('"') if equals else True
    return found


def seconds(value):
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return None


def http_time(value):
    try:
        return int(parsedate_to_datetime(value).timestamp())
    except (TypeError, ValueError, IndexError):
        return None


def freshness_lifetime(headers):
    cc = directives(headers)
    for name in ("s-maxage", "max-age"):
        if name in cc and seconds(cc[name]) is not None:
            return seconds(cc[name])
    expires, date = http_time(headers.get("expires")), http_time(headers.get("date"))
    if expires is not None and date is not None:
        return max(0, expires - date)
    return None


def storable(request, response):
    cc = directives(response["headers"])
    if response["status"] not in STORABLE or "no-store" in cc or "private" in cc:
        return False
    if "set-cookie" in response["headers"] or response["headers"].get("vary", "").strip() == "*":
        return False
    if "authorization" in request["headers"] and "public" not in cc and "s-maxage" not in cc:
        return False
    return freshness_lifetime(response["headers"]) is not None or "no-cache" in cc


class Entry:
    def __init__(self, request, response, now):
        self.status, self.headers, self.body = response["status"], dict(response["headers"]), response["body"]
        self.stored_at = now
        self.vary = [name.strip().lower() for name in self.headers.get("vary", "").split(",") if name.strip()]
        self.varied = {name: request["headers"].get(name) for name in self.vary}

    def matches(self, request):
        return all(request["headers"].get(name) == value for name, value in self.varied.items())

    def age(self, now):
        return (seconds(self.headers.get("age")) or 0) + (now - self.stored_at)

    def fresh(self, now):
        lifetime = freshness_lifetime(self.headers)
        return "no-cache" not in directives(self.headers) and lifetime is not None and lifetime > self.age(now)

    def answer(self, now, outcome):
        headers = {"age": str(self.age(now)), "x-cache": outcome}
        return {"status": self.status, "headers": headers, "body": self.body}


class PopCache:
    """One PoP's cache: variants under each key, least recently used first, at most `capacity` of them."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.entries = OrderedDict()     # (key, variant number) -> Entry, in use order
        self.variants = {}               # key -> {variant number}
        self.serial = 0

    def find(self, key, request):
        for number in self.variants.get(key, ()):
            entry = self.entries[(key, number)]
            if entry.matches(request):
                return number, entry
        return None, None

    def touch(self, key, number):
        self.entries.move_to_end((key, number))

    def store(self, key, number, entry):
        if number is None:
            self.serial += 1
            number = self.serial
            self.variants.setdefault(key, set()).add(number)
        self.entries[(key, number)] = entry
        self.entries.move_to_end((key, number))
        while len(self.entries) > self.capacity:
            (old_key, old_number), _ = self.entries.popitem(last=False)
            self.variants[old_key].discard(old_number)

    def drop(self, key, number):
        if number is not None and (key, number) in self.entries:
            del self.entries[(key, number)]
            self.variants[key].discard(number)

    def invalidate(self, key):
        for number in list(self.variants.get(key, ())):
            self.drop(key, number)


caches = {}


def handle(request, now):
    origin, cacheable = route(request)
    path, query = split_url(request["url"])
    normalized = normalized_query(query)
    url = CONFIG["origins"][origin] + path + (f"?{normalized}" if normalized else "")
    method = request["method"]
    if not cacheable or method != "GET":
        response = fetch(origin, method, url, request["headers"])
        if method in UNSAFE and 200 <= response["status"] < 400:
            cache(request["pop"]).invalidate((origin, url))
        return tagged(response, "BYPASS")

    pop, key = cache(request["pop"]), (origin, url)
    number, entry = pop.find(key, request)
    if entry is not None and entry.fresh(now):
        pop.touch(key, number)
        return entry.answer(now, "HIT")
    headers = dict(request["headers"])
    if entry is not None:
        if "etag" in entry.headers:
            headers["if-none-match"] = entry.headers["etag"]
        if "last-modified" in entry.headers:
            headers["if-modified-since"] = entry.headers["last-modified"]
    response = fetch(origin, "GET", url, headers)
    if entry is not None and response["status"] == 304 and ("if-none-match" in headers or "if-modified-since" in headers):
        entry.headers.update(response["headers"])
        if "age" not in response["headers"]:
            entry.headers.pop("age", None)
        entry.stored_at = now
        pop.touch(key, number)
        return entry.answer(now, "REVALIDATED")
    if entry is not None and response["status"] >= 500:
        window = seconds(directives(entry.headers).get("stale-if-error"))
        lifetime = freshness_lifetime(entry.headers) or 0
        if window is not None and entry.age(now) <= lifetime + window:
            pop.touch(key, number)
            return entry.answer(now, "STALE")
    if storable(request, response):
        pop.store(key, number, Entry(request, response, now))
    return tagged(response, "MISS")


def cache(pop):
    if pop not in caches:
        caches[pop] = PopCache(CONFIG.get("cache_entries", 1000))
    return caches[pop]


def tagged(response, outcome):
    return {"status": response["status"], "headers": dict(response["headers"], **{"x-cache": outcome}),
            "body": response["body"]}


# --- the runtime: the harness protocol (README, "The harness"). Do not change. -------------------------------

def fetch(origin, method, url, headers):
    """Asks the platform to fetch from an origin; returns {"status", "headers", "body"}."""
    sys.stdout.write(json.dumps({"type": "fetch", "origin": origin, "method": method, "url": url,
                                 "headers": headers}) + "\n")
    sys.stdout.flush()
    reply = json.loads(sys.stdin.readline())
    return {"status": reply["status"], "headers": reply["headers"], "body": reply["body"]}


def main():
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        if not line.strip():
            continue
        request = json.loads(line)
        response = handle(request, request["now"])
        sys.stdout.write(json.dumps({"type": "response", "id": request["id"], **response}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
