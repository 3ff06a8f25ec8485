"""Writes the hidden incident bundles (cases/) and the visible ones (Labs/incident-rca/tests/) of incident-rca.

Each bundle is simulated minute by minute from a Scenario: services and their endpoints, traffic, which version
serves what share of each service's traffic when, deploy events, and the faults injected (a bad version, a
failing dependency, blips, bursts of client errors). The scenario states the truth it was built to have (the
window, the endpoints, the cause); the simulation keeps bad minutes far above the 5% threshold and good ones
far below, and both references must report exactly the intended truth. Fixed seeds throughout.
Run from anywhere: python3 Graders/incident-rca/make-cases.py
"""
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "incident-rca", "tests")
HIDDEN = os.path.join(HERE, "cases")
PYTHON = [sys.executable, os.path.join(HERE, "reference", "python", "rca.py")]
NODE = ["node", os.path.join(HERE, "reference", "node", "rca.js")]
NOISE_UPSTREAMS = ["redis", "postgres", "search-api", "payments-gw", "fraud-api"]
CODE_ERRORS = ["NullPointerException", "KeyError", "TypeError: cannot read properties of undefined", "IndexError"]
AUTHORS = ["alice", "bob", "chen", "dara", "emeka", "fatima", "goran"]


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Scenario:
    def __init__(self, seed, start, minutes, services):
        self.rng = random.Random(seed)
        self.start = start
        self.minutes = minutes
        self.services = services          # service -> {endpoint: requests per minute}
        self.shares = {s: [(0, {v: 1.0})] for s, v in ((s, self.sha()) for s in services)}
        self.deploys = []                 # (minute, service, version, tz offset hours, kind)
        self.faults = []                  # (kind, first, last, detail)

    def sha(self):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(7))

    def version_at(self, service, minute):
        current = None
        for at, share in self.shares[service]:
            if at <= minute:
                current = share
        return current

    def base_version(self, service):
        return next(iter(self.shares[service][0][1]))

    def rollout(self, minute, service, share, offset=0, version=None, kind="deploy"):
        """From `minute`, the service's traffic is split as `share` ({version: fraction}); logged as a deploy."""
        self.shares[service].append((minute, share))
        if version is not None:
            self.deploys.append((minute, service, version, offset, kind))

    def bad_version(self, version, endpoints, probability, first, last):
        self.faults.append(("version", first, last, (version, set(endpoints), probability)))

    def dependency(self, upstreams, endpoints, probability, first, last):
        self.faults.append(("dependency", first, last, (upstreams, set(endpoints), probability)))

    def blip(self, endpoint, minute, probability):
        self.faults.append(("blip", minute, minute, (endpoint, probability)))

    def client_errors(self, endpoint, first, last, probability):
        self.faults.append(("4xx", first, last, (endpoint, probability)))

    def failure(self, minute, endpoint, version):
        """(probability of a 5xx, how it is logged) for one request."""
        for kind, first, last, detail in self.faults:
            if not first <= minute <= last:
                continue
            if kind == "version" and detail[0] == version and endpoint in detail[1]:
                return detail[2], ("code", None)
            if kind == "dependency" and endpoint in detail[1]:
                return detail[2], ("dependency", detail[0])
            if kind == "blip" and endpoint == detail[0]:
                return detail[1], ("dependency", {"search-api": 1})
        return 0.0, None

    def render(self):
        metrics = ["minute,service,endpoint,version,requests,errors_4xx,errors_5xx,p99_ms"]
        errors = []
        for minute in range(self.minutes):
            at = self.start + timedelta(minutes=minute)
            for service, endpoints in self.services.items():
                share = self.version_at(service, minute)
                for endpoint, rate in endpoints.items():
                    total = max(0, int(rate * self.rng.uniform(0.85, 1.15)))
                    left = total
                    versions = list(share.items())
                    for index, (version, fraction) in enumerate(versions):
                        requests = left if index == len(versions) - 1 else int(round(total * fraction))
                        left -= requests
                        if requests == 0:
                            continue
                        probability, how = self.failure(minute, endpoint, version)
                        five = sum(1 for _ in range(requests) if self.rng.random() < probability) if probability else 0
                        if probability == 0 and index == 0 and self.rng.random() < 0.02:
                            five = 1
                            how = ("dependency", {self.rng.choice(NOISE_UPSTREAMS): 1})
                        four = 0
                        for kind, first, last, detail in self.faults:
                            if kind == "4xx" and first <= minute <= last and detail[0] == endpoint:
                                four = int(requests * detail[1])
                        if self.rng.random() < 0.05:
                            four += 1
                        p99 = self.rng.randrange(80, 300) + (2500 if five > requests / 10 else 0)
                        metrics.append(f"{stamp(at)},{service},{endpoint},{version},{requests},{four},{five},{p99}")
                        for _ in range(five):
                            when = at + timedelta(milliseconds=self.rng.randrange(60000))
                            if how[0] == "code":
                                detail = f"status=500 error=\"{self.rng.choice(CODE_ERRORS)}\""
                            else:
                                names, weights = zip(*how[1].items())
                                upstream = self.rng.choices(names, weights)[0]
                                if upstream == "":  # waited in the queue for none: the logger writes an empty upstream
                                    detail = 'status=503 error=QueueTimeout upstream=""'
                                else:
                                    detail = f"status={self.rng.choice([502, 503, 504])} error=UpstreamTimeout upstream={upstream}"
                            errors.append((when, f"{when.strftime('%Y-%m-%dT%H:%M:%S.')}{when.microsecond // 1000:03d}Z service={service} endpoint=\"{endpoint}\" version={version} {detail}"))
        errors.sort()
        deploys = []
        for minute, service, version, offset, kind in sorted(self.deploys):
            at = self.start + timedelta(minutes=minute, seconds=self.rng.randrange(60))
            local = at.astimezone(timezone(timedelta(hours=offset)))
            when = local.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if offset == 0 else local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:])
            if kind == "deploy":
                message = self.rng.choice(["Retry payment calls", "Cache product pages", "Upgrade HTTP client", "Refactor session store",
                                           "Add fraud score to checkout", "Hotfix: guard against empty carts", "Bump dependencies"])
                deploys.append(f"{when} deploy service={service} version={version} author={self.rng.choice(AUTHORS)} message=\"{message}\"")
            else:
                deploys.append(f"{when} rollback service={service} version={version} author=oncall message=\"Roll back\"")
        return "\n".join(metrics) + "\n", "".join(line + "\n" for _, line in errors), "\n".join(deploys) + "\n"


T0 = datetime(2025, 10, 14, 12, 0, tzinfo=timezone.utc)
SHOP = {
    "checkout": {"GET /api/cart": 40, "POST /api/checkout": 30, "POST /api/checkout/pay": 25},
    "catalog": {"GET /api/products": 60, "GET /api/products/{id}": 50},
    "accounts": {"POST /api/login": 30, "GET /api/me": 35},
}


def truth(s, first, last, endpoints, cause, failed=None):
    return {"window": (s.start + timedelta(minutes=first), s.start + timedelta(minutes=last + 1)),
            "endpoints": sorted(endpoints), "cause": cause}


def deploy_basic(seed=1):
    s = Scenario(seed, T0, 80, SHOP)
    old = s.base_version("checkout")
    new = s.sha()
    s.rollout(20, "checkout", {old: 0.7, new: 0.3}, version=new)
    herring = s.sha()
    s.rollout(23, "catalog", {herring: 1.0}, version=herring)
    s.bad_version(new, ["POST /api/checkout", "POST /api/checkout/pay"], 0.6, 24, 51)
    s.rollout(52, "checkout", {old: 1.0}, version=old, kind="rollback")
    return s, truth(s, 24, 51, ["POST /api/checkout", "POST /api/checkout/pay"], f"deploy checkout {new}")


def deploy_two_bad(seed=2):
    s = Scenario(seed, T0 + timedelta(hours=3), 90, SHOP)
    old = s.base_version("checkout")
    first, hotfix = s.sha(), s.sha()
    s.rollout(15, "checkout", {old: 0.75, first: 0.25}, offset=0, version=first)
    s.bad_version(first, ["POST /api/checkout/pay"], 0.8, 18, 70)
    s.rollout(35, "checkout", {old: 0.75, hotfix: 0.25}, offset=0, version=hotfix)
    s.bad_version(hotfix, ["POST /api/checkout/pay"], 0.7, 35, 70)
    s.rollout(71, "checkout", {old: 1.0}, version=old, kind="rollback")
    other = s.sha()
    s.rollout(10, "accounts", {other: 1.0}, offset=-5, version=other)
    return s, truth(s, 18, 70, ["POST /api/checkout/pay"], f"deploy checkout {first}")


def deploy_offsets(seed=3):
    """The bad version's deploy is logged in +02:00 and the later, also bad, one in Z: as text it sorts last."""
    s = Scenario(seed, T0 + timedelta(hours=6), 80, SHOP)
    old = s.base_version("catalog")
    a, b = s.sha(), s.sha()
    s.rollout(12, "catalog", {old: 0.6, a: 0.4}, offset=2, version=a)
    s.bad_version(a, ["GET /api/products/{id}"], 0.5, 14, 60)
    s.rollout(30, "catalog", {old: 0.6, a: 0.2, b: 0.2}, offset=0, version=b)
    s.bad_version(b, ["GET /api/products/{id}"], 0.5, 30, 60)
    s.rollout(61, "catalog", {old: 1.0}, offset=2, version=old, kind="rollback")
    return s, truth(s, 14, 60, ["GET /api/products/{id}"], f"deploy catalog {a}")


def dependency(seed=4):
    s = Scenario(seed, T0 + timedelta(hours=9), 90, SHOP)
    old = s.base_version("checkout")
    canary = s.sha()
    s.rollout(10, "checkout", {old: 0.5, canary: 0.5}, version=canary)
    s.dependency({"payments-gw": 8, "fraud-api": 2}, ["POST /api/checkout", "POST /api/checkout/pay"], 0.45, 40, 66)
    return s, truth(s, 40, 66, ["POST /api/checkout", "POST /api/checkout/pay"], "dependency payments-gw")


def blip(seed=5):
    """A one-minute blip before the incident, and an unrelated deploy right before it."""
    s = Scenario(seed, T0 + timedelta(hours=12), 90, SHOP)
    old = s.base_version("accounts")
    new = s.sha()
    s.blip("GET /api/products", 8, 0.5)
    s.blip("GET /api/me", 9, 0.5)
    s.rollout(30, "accounts", {old: 0.8, new: 0.2}, version=new)
    herring = s.sha()
    s.rollout(31, "checkout", {herring: 1.0}, version=herring)
    s.bad_version(new, ["POST /api/login"], 0.9, 32, 49)
    s.rollout(50, "accounts", {old: 1.0}, version=old, kind="rollback")
    return s, truth(s, 32, 49, ["POST /api/login"], f"deploy accounts {new}")


def gap(seed=6):
    """Bad minutes with two good minutes between them are one incident; four good minutes make two."""
    s = Scenario(seed, T0 + timedelta(hours=15), 100, SHOP)
    s.dependency({"search-api": 1}, ["GET /api/products", "GET /api/products/{id}"], 0.5, 20, 29)
    s.dependency({"search-api": 1}, ["GET /api/products", "GET /api/products/{id}"], 0.5, 32, 45)
    s.dependency({"redis": 1}, ["GET /api/cart"], 0.5, 50, 54)
    return s, truth(s, 20, 45, ["GET /api/products", "GET /api/products/{id}"], "dependency search-api")


def thresholds(seed=7):
    """A burst of 404s from a scanner, and a low-traffic endpoint failing 1 request in 5: neither is an incident."""
    services = dict(SHOP, admin={"GET /admin/report": 5})
    s = Scenario(seed, T0 + timedelta(hours=18), 80, services)
    s.client_errors("GET /api/products/{id}", 10, 30, 0.6)
    s.dependency({"reports-db": 1}, ["GET /admin/report"], 0.4, 5, 70)
    old = s.base_version("accounts")
    new = s.sha()
    s.rollout(40, "accounts", {old: 0.5, new: 0.5}, version=new)
    s.bad_version(new, ["GET /api/me"], 0.3, 41, 58)
    s.rollout(59, "accounts", {old: 1.0}, version=old, kind="rollback")
    return s, truth(s, 41, 58, ["GET /api/me"], f"deploy accounts {new}")


def low_traffic_canary(seed=8):
    """A version deployed earlier that served a dozen requests during the window (failing half) is not judged."""
    s = Scenario(seed, T0 + timedelta(hours=21), 80, SHOP)
    old = s.base_version("checkout")
    tiny, bad = s.sha(), s.sha()
    s.rollout(10, "checkout", {old: 1.0, tiny: 0.0}, version=tiny)
    s.bad_version(tiny, ["GET /api/cart"], 0.6, 10, 79)
    s.rollout(25, "checkout", {old: 0.7, tiny: 0.0, bad: 0.3}, version=bad)
    s.bad_version(bad, ["GET /api/cart"], 0.6, 27, 55)
    s.rollout(40, "checkout", {old: 0.6, tiny: 0.1, bad: 0.3})
    s.rollout(43, "checkout", {old: 0.7, tiny: 0.0, bad: 0.3})
    s.rollout(56, "checkout", {old: 1.0}, version=old, kind="rollback")
    return s, truth(s, 27, 55, ["GET /api/cart"], f"deploy checkout {bad}")


def ties(seed=10):
    """Two groups of equal weight (the earlier is the incident), and two upstreams named equally often in it."""
    s = Scenario(seed, T0 + timedelta(days=1), 80, SHOP)
    s.dependency({"beta-api": 1, "alpha-api": 1}, ["GET /api/me"], 0.5, 20, 24)
    s.dependency({"gamma-api": 1}, ["GET /api/cart"], 0.5, 45, 49)
    first, last = stamp(s.start + timedelta(minutes=20)), stamp(s.start + timedelta(minutes=25))

    def balance(errors):
        out, n = [], 0
        for line in errors.splitlines():
            if first <= line[:19] + "Z" < last and 'endpoint="GET /api/me"' in line and "upstream=" in line:
                line = line.rsplit("upstream=", 1)[0] + ("upstream=alpha-api" if n % 2 == 0 else "upstream=beta-api")
                n += 1
            out.append(line)
        if n % 2 == 1:
            index = max(i for i, line in enumerate(out) if line.endswith("upstream=alpha-api"))
            out[index] = out[index].replace(" error=UpstreamTimeout upstream=alpha-api", ' error="KeyError"')
        return "".join(line + "\n" for line in out)

    s.fixup = balance
    return s, truth(s, 20, 24, ["GET /api/me"], "dependency alpha-api")


def short_heavy(seed=13):
    """A two-minute incident on five endpoints (5 bad endpoint-minutes: GET /api/cart in its first minute, four others
    in its last) and, later, a three-minute one on a single endpoint (3): the heavier is the short one. Weighing by
    minutes, or leaving out a group's last minute, picks the later one; leaving out the window's first minute drops
    GET /api/cart from the endpoints."""
    s = Scenario(seed, T0 + timedelta(days=2, hours=12), 80, SHOP)
    s.dependency({"session-store": 1}, ["GET /api/cart"], 0.6, 20, 20)
    wide = ["POST /api/checkout", "GET /api/products", "GET /api/me", "POST /api/login"]
    s.dependency({"session-store": 1}, wide, 0.6, 21, 21)
    s.dependency({"search-api": 1}, ["GET /api/products/{id}"], 0.6, 50, 52)
    return s, truth(s, 20, 21, ["GET /api/cart"] + wide, "dependency session-store")


def redeploy(seed=15):
    """The canary is deployed, a hotfix (bad too) follows, then the pipeline promotes the canary with a second
    deploy line: the canary's earliest deploy line is still the earliest, so it is the cause, not the hotfix."""
    s = Scenario(seed, T0 + timedelta(days=2, hours=6), 80, SHOP)
    old = s.base_version("checkout")
    canary, hotfix = s.sha(), s.sha()
    s.rollout(12, "checkout", {old: 0.7, canary: 0.3}, offset=0, version=canary)
    s.bad_version(canary, ["POST /api/checkout"], 0.7, 14, 60)
    s.rollout(25, "checkout", {old: 0.5, canary: 0.3, hotfix: 0.2}, offset=0, version=hotfix)
    s.bad_version(hotfix, ["POST /api/checkout"], 0.7, 25, 60)
    s.rollout(38, "checkout", {old: 0.4, canary: 0.4, hotfix: 0.2}, offset=0, version=canary)
    s.rollout(61, "checkout", {old: 1.0}, version=old, kind="rollback")
    return s, truth(s, 14, 60, ["POST /api/checkout"], f"deploy checkout {canary}")


def empty_upstream(seed=14):
    """payments-gw slows down; checkout's workers pile up behind it, and more requests time out in the queue, waiting
    for no dependency, than waiting for payments-gw: the logger writes those with upstream="", which names none."""
    s = Scenario(seed, T0 + timedelta(days=2, hours=18), 80, SHOP)
    s.dependency({"": 3, "payments-gw": 2}, ["POST /api/checkout", "POST /api/checkout/pay"], 0.5, 30, 50)
    return s, truth(s, 30, 50, ["POST /api/checkout", "POST /api/checkout/pay"], "dependency payments-gw")


def quiet(seed=9):
    s = Scenario(seed, T0, 60, SHOP)
    new = s.sha()
    s.rollout(20, "catalog", {new: 1.0}, version=new)
    return s, None


def random_incident(seed):
    rng = random.Random(seed)
    services = {}
    for i in range(rng.randrange(3, 6)):
        name = rng.choice(["orders", "billing", "search", "users", "inventory", "shipping", "reviews"]) + f"-{i}"
        services[name] = {f"{rng.choice(['GET', 'POST', 'PUT'])} /api/{name}/{p}": rng.randrange(25, 70) for p in rng.sample(["a", "b", "c", "d"], rng.randrange(1, 4))}
    s = Scenario(seed, T0 + timedelta(days=seed % 7, hours=rng.randrange(24)), 120, services)
    service = rng.choice(sorted(services))
    endpoints = sorted(services[service])
    hit = rng.sample(endpoints, rng.randrange(1, len(endpoints) + 1))
    first = rng.randrange(20, 60)
    last = first + rng.randrange(8, 40)
    for other in services:
        if other != service and rng.random() < 0.5:
            v = s.sha()
            s.rollout(rng.randrange(5, first), other, {v: 1.0}, offset=rng.choice([0, 1, 2, -4]), version=v)
    if rng.random() < 0.5:
        old = s.base_version(service)
        new = s.sha()
        deployed = first - rng.randrange(0, 4)
        s.rollout(deployed, service, {old: 0.6, new: 0.4}, offset=rng.choice([0, 2, -7]), version=new)
        s.bad_version(new, hit, 0.7, first, last)
        s.rollout(last + 1, service, {old: 1.0}, version=old, kind="rollback")
        cause = f"deploy {service} {new}"
    else:
        upstream = rng.choice(["ledger-db", "tax-api", "geo-api", "kafka"])
        s.dependency({upstream: 5, rng.choice(NOISE_UPSTREAMS): 1}, hit, 0.5, first, last)
        cause = f"dependency {upstream}"
    return s, truth(s, first, last, hit, cause)


def busy(seed=20):
    """Six hours of a larger system."""
    services = {f"svc-{i}": {f"GET /api/svc-{i}/{p}": 40 for p in ("list", "item", "search")} for i in range(8)}
    s = Scenario(seed, T0, 360, services)
    old = s.base_version("svc-3")
    new = s.sha()
    for i in range(8):
        if i != 3:
            v = s.sha()
            s.rollout(30 * i + 5, f"svc-{i}", {v: 1.0}, version=v)
    s.rollout(250, "svc-3", {old: 0.5, new: 0.5}, version=new)
    s.bad_version(new, ["GET /api/svc-3/item", "GET /api/svc-3/search"], 0.5, 252, 330)
    s.rollout(331, "svc-3", {old: 1.0}, version=old, kind="rollback")
    s.dependency({"search-api": 1}, ["GET /api/svc-6/search"], 0.5, 100, 104)
    return s, truth(s, 252, 330, ["GET /api/svc-3/item", "GET /api/svc-3/search"], f"deploy svc-3 {new}")


def rollback_first(seed=11):
    """A rollback line names the hotfix before its first deploy line (a rollback to it that never took traffic):
    rollback lines are not deploys, so the bad version deployed first is still the canary."""
    s = Scenario(seed, T0 + timedelta(days=2), 80, SHOP)
    old = s.base_version("checkout")
    canary, hotfix = s.sha(), s.sha()
    s.rollout(8, "checkout", {old: 1.0}, version=hotfix, kind="rollback")
    s.rollout(20, "checkout", {old: 0.7, canary: 0.3}, version=canary)
    s.bad_version(canary, ["POST /api/checkout"], 0.6, 22, 60)
    s.rollout(35, "checkout", {old: 0.5, canary: 0.3, hotfix: 0.2}, version=hotfix)
    s.bad_version(hotfix, ["POST /api/checkout"], 0.6, 35, 60)
    s.rollout(61, "checkout", {old: 1.0}, version=old, kind="rollback")
    return s, truth(s, 22, 60, ["POST /api/checkout"], f"deploy checkout {canary}")


def dependency_scope(seed=12):
    """Other upstreams are named far more often in errors.log, but outside the window (fraud-api, 2% of checkout's
    requests all day) or on endpoints that are not affected (a busy search endpoint at 3%, a quiet admin report at 90%,
    neither ever bad): only the window's lines on the affected endpoints count."""
    services = {
        "checkout": {"POST /api/checkout": 300, "POST /api/checkout/pay": 250},
        "search": {"GET /api/search": 3000},
        "admin": {"GET /admin/report": 15},
    }
    s = Scenario(seed, T0 + timedelta(days=3), 90, services)
    s.dependency({"reports-db": 1}, ["GET /admin/report"], 0.9, 0, 89)
    s.dependency({"cache-db": 1}, ["GET /api/search"], 0.03, 0, 89)
    s.dependency({"fraud-api": 1}, ["POST /api/checkout"], 0.02, 0, 39)
    s.dependency({"payments-gw": 1}, ["POST /api/checkout", "POST /api/checkout/pay"], 0.1, 40, 42)
    s.dependency({"fraud-api": 1}, ["POST /api/checkout"], 0.02, 43, 89)
    return s, truth(s, 40, 42, ["POST /api/checkout", "POST /api/checkout/pay"], "dependency payments-gw")


EDGE_DAY = datetime(2025, 10, 16, 10, 0, tzinfo=timezone.utc)


EDGE_DEPLOYS = ("2025-10-15T16:02:11Z deploy service=web version=v0 author=alice message=\"Release 41\"\n"
                "2025-10-16T11:05:30+01:00 deploy service=web version=v1 author=bob message=\"Release 42\"\n")


def edge_bundle(extra, bad_minutes=range(10, 20), deploys=EDGE_DEPLOYS):
    """A bundle written cell by cell, so that a threshold can be met exactly. `GET /a` is served by v0 (20 requests a
    minute, healthy) and v1 (10, failing 9 in its bad minutes); `extra` maps (minute, endpoint, version) to
    (requests, 5xx) for more rows, every minute for minute None. Every 5xx is logged as a code error."""
    cells = {}
    for minute in range(40):
        cells[(minute, "GET /a", "v0")] = (20, 0)
        cells[(minute, "GET /a", "v1")] = (10, 9 if minute in bad_minutes else 0)
    for (minute, endpoint, version), value in extra.items():
        for m in range(40) if minute is None else [minute]:
            cells[(m, endpoint, version)] = value
    metrics = ["minute,service,endpoint,version,requests,errors_4xx,errors_5xx,p99_ms"]
    errors = []
    for (minute, endpoint, version), (requests, five) in sorted(cells.items()):
        at = EDGE_DAY + timedelta(minutes=minute)
        metrics.append(f"{stamp(at)},web,{endpoint},{version},{requests},0,{five},{2400 if five else 120}")
        for i in range(five):
            when = at + timedelta(seconds=i * 3 + 1)
            errors.append((when, f"{stamp(when)} service=web endpoint=\"{endpoint}\" version={version} status=500 error=\"KeyError\""))
    errors.sort()
    return "\n".join(metrics) + "\n", "".join(line + "\n" for _, line in errors), deploys


def edge_min_requests():
    """`GET /b` has exactly 20 requests a minute, 12 on v0 and 8 on v1: in minute 15 two of v0's fail (10%), so that
    minute is bad: at least 20 requests, summed over the versions."""
    bundle = edge_bundle({(None, "GET /b", "v0"): (12, 0), (None, "GET /b", "v1"): (8, 0), (15, "GET /b", "v0"): (12, 2)})
    return bundle, (EDGE_DAY + timedelta(minutes=10), EDGE_DAY + timedelta(minutes=20), ["GET /a", "GET /b"])


def edge_five_percent():
    """`GET /c` fails exactly 5% in minute 15 (2 of 40): not above 5%, not bad. `GET /d` fails 3 of 40 in minute 16."""
    bundle = edge_bundle({(None, "GET /c", "v0"): (40, 0), (15, "GET /c", "v0"): (40, 2),
                          (None, "GET /d", "v0"): (40, 0), (16, "GET /d", "v0"): (40, 3)})
    return bundle, (EDGE_DAY + timedelta(minutes=10), EDGE_DAY + timedelta(minutes=20), ["GET /a", "GET /d"])


def edge_gap():
    """Bad minutes 7, 10-19 and 23: 7 and 10 are 3 minutes apart (one group), 19 and 23 are 4 apart (two groups)."""
    bundle = edge_bundle({}, bad_minutes=[7] + list(range(10, 20)) + [23])
    return bundle, (EDGE_DAY + timedelta(minutes=7), EDGE_DAY + timedelta(minutes=20), ["GET /a"])


def edge_judge_min_requests():
    """v2, a canary deployed before v1, served exactly 20 requests in the window (2 a minute on `GET /a`, failing 1 of
    each 2): at least 20 requests means 20 counts, so v2 is judged, bad, and the bad version deployed first."""
    deploys = ("2025-10-15T16:02:11Z deploy service=web version=v0 author=alice message=\"Release 41\"\n"
               "2025-10-16T09:58:12Z deploy service=web version=v2 author=chen message=\"Canary: new session cache\"\n"
               "2025-10-16T11:05:30+01:00 deploy service=web version=v1 author=bob message=\"Release 42\"\n")
    bundle = edge_bundle({(minute, "GET /a", "v2"): (2, 1) for minute in range(10, 20)}, deploys=deploys)
    return bundle, (EDGE_DAY + timedelta(minutes=10), EDGE_DAY + timedelta(minutes=20), ["GET /a"], "deploy web v2")


def write_edge(directory, name, bundle, truth_):
    """Writes a hand-made bundle; both references must find the intended window and endpoints (and cause, when the
    truth names one), and agree."""
    folder = os.path.join(directory, name)
    os.makedirs(folder, exist_ok=True)
    for file, text in zip(("metrics.csv", "errors.log", "deploys.log"), bundle):
        with open(os.path.join(folder, file), "w") as f:
            f.write(text)
    start, end, endpoints, *cause = truth_
    want = [f"window: {stamp(start)} {stamp(end)}"] + [f"endpoint: {e}" for e in endpoints]
    outputs = []
    for command in (PYTHON, NODE):
        done = subprocess.run(command + [folder], capture_output=True, text=True)
        got = done.stdout.splitlines()
        if (done.returncode != 0 or got[:len(want)] != want or len(got) != len(want) + 2
                or not got[len(want)].startswith("failed-requests: ") or (cause and got[-1] != f"cause: {cause[0]}")):
            raise SystemExit(f"{name}: {os.path.basename(command[1])} reports {got} {done.stderr}, the bundle was built for {want}")
        outputs.append(done.stdout)
    if outputs[0] != outputs[1]:
        raise SystemExit(f"{name}: the references disagree: {outputs}")
    with open(os.path.join(directory, name + ".out"), "w") as f:
        f.write(outputs[0])


def expected_lines(t, metrics_csv):
    if t is None:
        return ["window: none", "failed-requests: 0", "cause: none"]
    start, end = t["window"]
    failed = 0
    for row in metrics_csv.splitlines()[1:]:
        minute, _, endpoint, _, _, _, five, _ = row.split(",")
        if stamp(start) <= minute < stamp(end) and endpoint in t["endpoints"]:
            failed += int(five)
    return ([f"window: {stamp(start)} {stamp(end)}"] + [f"endpoint: {e}" for e in t["endpoints"]]
            + [f"failed-requests: {failed}", f"cause: {t['cause']}"])


def write_bundle(directory, name, scenario, t):
    metrics, errors, deploys = scenario.render()
    errors = getattr(scenario, "fixup", lambda text: text)(errors)
    folder = os.path.join(directory, name)
    os.makedirs(folder, exist_ok=True)
    for file, text in (("metrics.csv", metrics), ("errors.log", errors), ("deploys.log", deploys)):
        with open(os.path.join(folder, file), "w") as f:
            f.write(text)
    want = expected_lines(t, metrics)
    for command in (PYTHON, NODE):
        done = subprocess.run(command + [folder], capture_output=True, text=True)
        got = done.stdout.splitlines()
        if done.returncode != 0 or got != want:
            raise SystemExit(f"{name}: {os.path.basename(command[1])} reports {got} {done.stderr}, the scenario was built for {want}")
    with open(os.path.join(directory, name + ".out"), "w") as f:
        f.write("\n".join(want) + "\n")


def main():
    hidden = {
        "deploy-basic": deploy_basic(), "deploy-two-bad": deploy_two_bad(), "deploy-offsets": deploy_offsets(),
        "dependency": dependency(), "blip": blip(), "gap": gap(), "thresholds": thresholds(),
        "low-traffic-canary": low_traffic_canary(), "quiet": quiet(), "ties": ties(),
        "random-1": random_incident(31), "random-2": random_incident(32), "random-3": random_incident(33),
        "random-4": random_incident(34), "busy": busy(), "rollback-first": rollback_first(),
        "dependency-scope": dependency_scope(), "short-heavy": short_heavy(), "redeploy": redeploy(),
        "empty-upstream": empty_upstream(),
    }
    for name, (scenario, t) in hidden.items():
        write_bundle(HIDDEN, name, scenario, t)
    edges = {"edge-min-requests": edge_min_requests(), "edge-five-percent": edge_five_percent(), "edge-gap": edge_gap(),
             "edge-judge-min-requests": edge_judge_min_requests()}
    for name, (bundle, t) in edges.items():
        write_edge(HIDDEN, name, bundle, t)
    visible = {"01-deploy": deploy_basic(101), "02-dependency": dependency(102)}
    for name, (scenario, t) in visible.items():
        write_bundle(VISIBLE, name, scenario, t)
    print(f"wrote {len(hidden) + len(edges)} hidden and {len(visible)} visible bundles")


main()
