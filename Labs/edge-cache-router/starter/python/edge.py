"""An edge function: per-region routing and a shared HTTP cache per PoP. See README.md.

handle() gets each client request with the edge's clock (`now`, whole seconds) and answers it, calling fetch()
for the origin when it must. Today it sends everything to the PoP's own region and caches nothing: every
answer is a MISS. The TODOs mark what each stage adds.

Run it by hand: EDGE_CONFIG=edge-config.json python3 edge.py, then type the harness's JSON lines (README).
"""
import json
import os
import sys

CONFIG = json.load(open(os.environ.get("EDGE_CONFIG", "edge-config.json"), encoding="utf-8"))


def route(request):
    """(origin name, cacheable by rule) for a request."""
    # TODO (stage 1): the first rule whose prefix the path starts with (and whose countries, if it has them,
    # include the client's country) decides the origin and whether the response may be cached.
    return CONFIG["pops"][request["pop"]], True


def origin_url(origin, url):
    # TODO (stage 1): drop the ignored query parameters and sort the rest by name, then value.
    rest = url.split("://", 1)[-1]
    return CONFIG["origins"][origin] + rest[rest.find("/"):]


def handle(request, now):
    origin, cacheable = route(request)
    # TODO (stage 2): a cache per PoP: serve fresh stored responses (X-Cache: HIT, with Age), store what may be
    # stored, respect Vary, Authorization, no-store, private, Set-Cookie.
    # TODO (stage 3): revalidate stale responses (If-None-Match / If-Modified-Since, 304 -> REVALIDATED),
    # stale-if-error, invalidation by unsafe methods, LRU eviction at cache_entries.
    response = fetch(origin, request["method"], origin_url(origin, request["url"]), request["headers"])
    outcome = "MISS" if cacheable and request["method"] == "GET" else "BYPASS"
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
