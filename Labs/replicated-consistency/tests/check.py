"""Grades the replicated store: python3 check.py SCENARIO [--submission DIR]

Talks to the learner's service through $LADDER_SERVICE_SOCKET as a set of clients, drives the simulated network
(PUT /_net, POST /_net/sync) and predicts every answer with its own model of the semantics README.md specifies:
quorum registers for accounts (W = R = 2 of 3), observed-remove sets with per-cart session guarantees for carts.
Every request is one check: the status, and the body the model expects. Reports TAP 13 on standard output.
"""
import argparse
import json
import os
import random
import socket
import sys
from urllib.parse import quote

SOCKET = os.environ.get("LADDER_SERVICE_SOCKET", "")
REPLICAS = ("a", "b", "c")
W = R = 2


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
                text = " ".join(str(detail).split())
                text = text[:700] + ("..." if len(text) > 700 else "")
                print("  ---")
                print('  message: "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
                print("  ...")


def http(method, target, body=None, headers=None):
    payload = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    lines = [f"{method} {target} HTTP/1.1", "Host: store", "Connection: close", f"Content-Length: {len(payload)}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + payload
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(10)
            s.connect(SOCKET)
            s.sendall(raw)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError as error:
        return 0, {}, f"no answer: {error}"
    head, _, rest = data.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(head_lines[0].split(" ")[1])
    except (IndexError, ValueError):
        return 0, {}, "not an HTTP response"
    headers = {}
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            body, rest = body + rest[:size], rest[size + 2:]
    elif "content-length" in headers:
        body = rest[:int(headers["content-length"])]
    else:
        body = rest
    try:
        doc = json.loads(body.decode("utf-8")) if body else None
    except ValueError:
        doc = body.decode("utf-8", "replace")[:200]
    return status, headers, doc


class Model:
    """The store as README.md specifies it."""

    def __init__(self):
        self.groups = [set(REPLICAS)]
        self.accounts = {r: {} for r in REPLICAS}   # id -> (counter, origin, balance)
        self.carts = {r: {} for r in REPLICAS}      # id -> {op id: op}
        self.next_op = 0

    def group(self, replica):
        return next(g for g in self.groups if replica in g)

    def partition(self, groups):
        self.groups = [set(g) for g in groups]

    def sync(self):
        for g in self.groups:
            for i in {i for r in g for i in self.accounts[r]}:
                best = max((self.accounts[r][i] for r in g if i in self.accounts[r]), key=lambda v: v[:2])
                for r in g:
                    self.accounts[r][i] = best
            for i in {i for r in g for i in self.carts[r]}:
                self.merge_cart(g, i)

    def write(self, replica, account, balance):
        g = self.group(replica)
        if len(g) < W:
            return 503, {"error": "no-quorum"}
        counter = max((self.accounts[r][account][0] for r in g if account in self.accounts[r]), default=0) + 1
        for r in g:
            self.accounts[r][account] = (counter, replica, balance)
        return 200, {"balance": balance}

    def read(self, replica, account):
        g = self.group(replica)
        if len(g) < R:
            return 503, {"error": "no-quorum"}
        versions = [self.accounts[r][account] for r in g if account in self.accounts[r]]
        if not versions:
            return 404, {"error": "not-found"}
        return 200, {"balance": max(versions, key=lambda v: v[:2])[2]}

    def merge_cart(self, g, cart):
        merged = {}
        for r in g:
            merged.update(self.carts[r].get(cart, {}))
        for r in g:
            self.carts[r][cart] = dict(merged)
        return merged

    def cart(self, replica, cart, observed, operation=None):
        """observed: {cart: set of op ids} of the session; returns (status, body, observed after)."""
        g = self.group(replica)
        ops = self.merge_cart(g, cart)
        if not observed.get(cart, set()) <= set(ops):
            return 409, {"error": "session-not-caught-up"}, observed
        if operation is not None:
            self.next_op += 1
            kind, item = operation
            if kind == "add":
                op = ("add", item)
            else:
                gone = {t for o in ops.values() if o[0] == "remove" for t in o[1]}
                op = ("remove", {t for t, o in ops.items() if o[0] == "add" and o[1] == item and t not in gone})
            for r in g:
                self.carts[r][cart][self.next_op] = op
            ops = self.carts[replica][cart]
        gone = {t for o in ops.values() if o[0] == "remove" for t in o[1]}
        items = sorted({o[1] for t, o in ops.items() if o[0] == "add" and t not in gone})
        after = dict(observed)
        after[cart] = set(ops)
        return 200, {"items": items}, after


class Client:
    """One customer's device: a session token, and what the model says that session has observed."""

    def __init__(self, name):
        self.name = name
        self.token = None
        self.observed = {}


class World:
    def __init__(self, report):
        self.report = report
        self.model = Model()

    def expect(self, label, got, want):
        status, _, doc = got
        return self.report.check(label, status == want[0] and doc == want[1],
                                 f"expected {want[0]} {json.dumps(want[1])}, got {status} {json.dumps(doc)}")

    def net(self, groups):
        self.model.partition(groups)
        status, _, doc = http("PUT", "/_net", {"groups": groups})
        self.report.check(f"PUT /_net {json.dumps(groups)} answers 200", status == 200, f"got {status} {json.dumps(doc)}")

    def sync(self):
        self.model.sync()
        status, _, doc = http("POST", "/_net/sync")
        self.report.check("POST /_net/sync answers 200", status == 200, f"got {status} {json.dumps(doc)}")

    def where(self):
        return " | ".join(",".join(sorted(g)) for g in self.model.groups)

    def write(self, replica, account, balance, why=""):
        want = self.model.write(replica, account, balance)
        got = http("PUT", f"/replicas/{replica}/accounts/{account}", {"balance": balance})
        return self.expect(f"[{self.where()}] PUT {account}={balance} at {replica} {why}".rstrip(), got, want)

    def read(self, replica, account, why=""):
        want = self.model.read(replica, account)
        got = http("GET", f"/replicas/{replica}/accounts/{account}")
        return self.expect(f"[{self.where()}] GET {account} at {replica} {why}".rstrip(), got, want)

    def cart(self, client, replica, cart, operation=None, why=""):
        status_want, body_want, after = self.model.cart(replica, cart, client.observed, operation)
        headers = {"X-Session": client.token} if client.token else {}
        if operation is None:
            got = http("GET", f"/replicas/{replica}/carts/{cart}", headers=headers)
            what = f"GET cart {cart}"
        elif operation[0] == "add":
            got = http("POST", f"/replicas/{replica}/carts/{cart}/items", {"item": operation[1]}, headers)
            what = f"add {operation[1]} to {cart}"
        else:
            got = http("DELETE", f"/replicas/{replica}/carts/{cart}/items/{quote(operation[1])}", headers=headers)
            what = f"remove {operation[1]} from {cart}"
        ok = self.expect(f"[{self.where()}] {client.name}: {what} at {replica} {why}".rstrip(), got, (status_want, body_want))
        if status_want == 200:
            client.observed = after
            token = got[1].get("x-session")
            if token:
                client.token = token
            else:
                self.report.check(f"{client.name}: a cart answer carries an X-Session token", False, "no X-Session header")
        return ok


def scenario_declaration(report, submission):
    path = os.path.join(submission, "consistency.json")
    try:
        with open(path) as f:
            design = json.load(f)
    except (OSError, ValueError) as error:
        report.check("consistency.json is readable JSON", False, str(error))
        return
    accounts = design.get("accounts", {}) if isinstance(design, dict) else {}
    carts = design.get("carts", {}) if isinstance(design, dict) else {}
    w, r = accounts.get("write-quorum"), accounts.get("read-quorum")
    report.check("the declaration says replicas: 3 (a, b and c)", isinstance(design, dict) and design.get("replicas") == 3,
                 f"replicas is {design.get('replicas') if isinstance(design, dict) else None!r}")
    report.check("accounts: model is linearizable (a stale balance lets a customer spend twice)",
                 accounts.get("model") == "linearizable", f"model is {accounts.get('model')!r}")
    report.check("accounts: W + R > N, so every read quorum meets every write quorum",
                 isinstance(w, int) and isinstance(r, int) and w + r > 3, f"W = {w}, R = {r}, N = 3")
    report.check("accounts: W <= 2 and R <= 2, so a majority of 2 replicas can still write and read",
                 isinstance(w, int) and isinstance(r, int) and w <= 2 and r <= 2, f"W = {w}, R = {r}")
    report.check("accounts: without a quorum a replica refuses (it cannot know the latest balance)",
                 accounts.get("without-quorum") == "refuse", f"without-quorum is {accounts.get('without-quorum')!r}")
    report.check("carts: model is session (available everywhere, with per-session guarantees)",
                 carts.get("model") == "session", f"model is {carts.get('model')!r}")
    guarantees = carts.get("guarantees")
    report.check("carts: guarantees read-your-writes and monotonic-reads",
                 isinstance(guarantees, list) and {"read-your-writes", "monotonic-reads"} <= set(guarantees),
                 f"guarantees are {guarantees!r}")
    report.check("carts: conflicts resolve add-wins (an item added is never lost by a merge)",
                 carts.get("conflicts") == "add-wins", f"conflicts is {carts.get('conflicts')!r}")
    report.check("carts: without a quorum a replica still serves (a customer can always use the cart)",
                 carts.get("without-quorum") == "serve", f"without-quorum is {carts.get('without-quorum')!r}")


def scenario_healthy(report, submission):
    world = World(report)
    status, _, doc = http("GET", "/_net")
    report.check("GET /_net starts healthy: one group with every replica", status == 200 and doc == {"groups": [["a", "b", "c"]]},
                 f"got {status} {json.dumps(doc)}")
    for groups in ([["a", "b"]], [["a", "b"], ["c", "a"]], [["a", "b"], ["c", "d"]], [["a", "b", "c"], []], "a,b,c", [["a"], "bc"]):
        status, _, doc = http("PUT", "/_net", {"groups": groups})
        report.check(f"PUT /_net {json.dumps(groups)} is refused with 400", status == 400, f"got {status} {json.dumps(doc)}")
    status, _, doc = http("PUT", "/_net", b"{groups")
    report.check("PUT /_net with a body that is not JSON is refused with 400", status == 400, f"got {status}")
    status, _, doc = http("GET", "/_net")
    report.check("the refused PUT /_net requests changed nothing: still one group with every replica",
                 status == 200 and doc == {"groups": [["a", "b", "c"]]}, f"GET /_net got {status} {json.dumps(doc)}")
    status, _, doc = http("PUT", "/_net", {"groups": [["c", "a"], ["b"]]})
    report.check("PUT /_net answers with the groups, each sorted, in order", status == 200 and doc == {"groups": [["a", "c"], ["b"]]},
                 f"got {status} {json.dumps(doc)}")
    world.net([["a", "b", "c"]])
    world.read("b", "acct-1", "(never written)")
    world.write("a", "acct-1", 100)
    world.read("b", "acct-1")
    world.read("c", "acct-1")
    world.write("c", "acct-1", -25, "(negative balances are allowed)")
    world.read("a", "acct-1")
    for bad in ({"balance": "100"}, {"balance": 1.5}, {}, ["balance", 1]):
        status, _, doc = http("PUT", "/replicas/a/accounts/acct-2", bad)
        report.check(f"PUT an account with {json.dumps(bad)} is refused with 400", status == 400, f"got {status} {json.dumps(doc)}")
    world.read("a", "acct-2", "(the refused writes stored nothing)")
    status, _, _ = http("GET", "/replicas/d/accounts/acct-1")
    report.check("a replica that does not exist (d) answers 404", status == 404, f"got {status}")
    ada = Client("ada")
    world.cart(ada, "a", "cart-1", ("add", "book"))
    world.cart(ada, "b", "cart-1", ("add", "lamp"))
    world.cart(ada, "c", "cart-1", ("add", "book"), "(adding an item twice keeps one)")
    world.cart(ada, "a", "cart-1")
    world.cart(ada, "b", "cart-1", ("remove", "book"))
    world.cart(ada, "c", "cart-1", ("remove", "chair"), "(removing an absent item is fine)")
    world.cart(ada, "c", "cart-1")
    world.cart(Client("new"), "b", "cart-1", why="(a new session, without X-Session)")
    world.cart(Client("new"), "a", "cart-2", why="(a cart never used is empty)")
    status, _, _ = http("POST", "/replicas/a/carts/cart-1/items", {"item": ""})
    report.check("adding an empty item is refused with 400", status == 400, f"got {status}")
    status, _, _ = http("GET", "/replicas/a/carts/cart-1", headers={"X-Session": "%%not-a-token%%"})
    report.check("a malformed X-Session token is refused with 400", status == 400, f"got {status}")


def scenario_accounts_majority(report, submission):
    world = World(report)
    world.write("a", "acct-1", 100)
    world.net([["a", "b"], ["c"]])
    world.write("a", "acct-1", 80, "(the majority side writes)")
    world.read("b", "acct-1", "(the majority side reads the latest)")
    world.read("c", "acct-1", "(the minority refuses to read: 503)")
    world.write("c", "acct-1", 999, "(the minority refuses to write: 503)")
    world.write("c", "acct-2", 5, "(even a new account: 503)")
    world.net([["a"], ["b", "c"]])
    world.read("c", "acct-1", "(c never got 80, but b did: a read quorum must see it)")
    world.write("b", "acct-1", 60)
    world.read("a", "acct-1", "(a alone: 503)")
    world.net([["a", "b", "c"]])
    world.read("a", "acct-1", "(healed, before any sync: the quorum knows 60)")
    world.read("c", "acct-2", "(the refused write left nothing behind)")
    world.sync()
    for r in REPLICAS:
        world.read(r, "acct-1", "(after sync)")


def scenario_accounts_stale(report, submission):
    world = World(report)
    world.net([["a", "b"], ["c"]])
    world.write("a", "acct-7", 10)
    world.net([["a"], ["b", "c"]])
    world.read("c", "acct-7", "(c is stale; b is not)")
    world.write("c", "acct-7", 20, "(the new version must beat the one c never saw)")
    world.net([["a", "b"], ["c"]])
    world.read("a", "acct-7", "(a holds 10, b holds 20: the higher version wins)")
    world.net([["a", "c"], ["b"]])
    world.read("a", "acct-7", "(a holds 10, c holds 20)")
    world.write("a", "acct-7", 30)
    world.net([["b", "c"], ["a"]])
    world.read("b", "acct-7", "(b holds 20, c holds 30)")
    world.net([["a", "b"], ["c"]])
    world.read("b", "acct-7")
    world.read("a", "acct-7")
    world.net([["b", "c"], ["a"]])
    world.write("c", "acct-8", 10)
    world.net([["a", "b"], ["c"]])
    world.write("a", "acct-8", 20, "(a has never seen acct-8, b has: the new version must beat b's)")
    world.net([["a", "c"], ["b"]])
    world.read("a", "acct-8", "(a holds the write of 20, c the older 10)")
    world.read("c", "acct-8")


def scenario_accounts_random(report, submission):
    world = World(report)
    rng = random.Random(4242)
    layouts = [[["a", "b", "c"]], [["a", "b"], ["c"]], [["a", "c"], ["b"]], [["b", "c"], ["a"]], [["a"], ["b"], ["c"]]]
    for step in range(240):
        roll = rng.random()
        if roll < 0.12:
            world.net(rng.choices(layouts, weights=[2, 3, 3, 3, 1])[0])
        elif roll < 0.14:
            world.sync()
        elif roll < 0.5:
            world.write(rng.choice(REPLICAS), f"acct-{rng.randrange(3)}", rng.randrange(-50, 1000))
        else:
            world.read(rng.choice(REPLICAS), f"acct-{rng.randrange(3)}")


def scenario_carts_available(report, submission):
    world = World(report)
    clients = {r: Client(f"shopper-on-{r}") for r in REPLICAS}
    for layout in ([["a", "b"], ["c"]], [["a"], ["b", "c"]], [["a"], ["b"], ["c"]]):
        world.net(layout)
        for r, client in clients.items():
            world.cart(client, r, f"cart-{r}", ("add", f"item-{layout.index(next(g for g in layout if r in g))}-{len(layout)}"),
                       "(a cart is always writable where its shopper is)")
            world.cart(client, r, f"cart-{r}", why="(and readable, with the shopper's own changes)")
        world.cart(clients["a"], "a", "cart-a", ("remove", "item-0-2"))
        world.cart(clients["a"], "a", "cart-a")
    world.net([["a", "b", "c"]])
    for r, client in clients.items():
        world.cart(client, r, f"cart-{r}")


def scenario_carts_sessions(report, submission):
    world = World(report)
    ada, bob, cy = Client("ada"), Client("bob"), Client("cy")
    world.net([["a", "b"], ["c"]])
    world.cart(ada, "a", "cart-1", ("add", "book"))
    world.cart(ada, "c", "cart-1", why="(c has not seen ada's book and cannot reach a: 409, never a stale cart)")
    world.cart(ada, "c", "cart-1", ("add", "pen"), "(writes need the session's history too: 409)")
    world.cart(ada, "b", "cart-1", why="(b can reach a: served, with the book)")
    world.cart(bob, "c", "cart-1", ("add", "mug"), "(a shopper on c is served)")
    world.cart(cy, "c", "cart-1", why="(a new session on c sees c's cart)")
    world.cart(cy, "b", "cart-1", why="(cy saw the mug on c; b cannot reach c: 409, never going back in time)")
    world.cart(bob, "a", "cart-2", ("add", "tea"), "(sessions are per cart: bob's cart-1 history does not block cart-2)")
    world.net([["a", "b", "c"]])
    world.cart(ada, "c", "cart-1", why="(healed, no sync yet: c can reach a, so ada is served with her book)")
    world.cart(cy, "b", "cart-1", why="(healed: cy is served again)")
    world.net([["a"], ["b", "c"]])
    world.cart(ada, "b", "cart-1", ("remove", "book"))
    world.cart(ada, "a", "cart-1", why="(a has not seen the removal: 409, the book must not come back)")
    world.cart(ada, "c", "cart-1", why="(c saw it through b: served without the book)")
    world.net([["a", "b", "c"]])
    world.sync()
    for r in REPLICAS:
        world.cart(Client(f"fresh-{r}"), r, "cart-1", why="(after sync every replica shows the same cart)")


def scenario_carts_convergence(report, submission):
    world = World(report)
    ada, bob = Client("ada-phone"), Client("ada-laptop")
    world.cart(ada, "a", "cart-9", ("add", "shoes"))
    world.cart(ada, "a", "cart-9", ("add", "socks"))
    world.net([["a"], ["b", "c"]])
    world.cart(ada, "a", "cart-9", ("add", "hat"))
    world.cart(bob, "b", "cart-9", ("add", "scarf"), "(both sides add concurrently)")
    world.cart(ada, "a", "cart-9", ("remove", "shoes"), "(one side removes shoes...)")
    world.cart(bob, "c", "cart-9", ("add", "shoes"), "(...while the other adds shoes again)")
    world.cart(bob, "b", "cart-9", ("remove", "socks"), "(a removal on one side with no concurrent add)")
    world.cart(bob, "a", "cart-10", ("add", "gloves"), "(guarantees are per cart: cart-9's history does not block cart-10)")
    world.net([["a", "b", "c"]])
    for r in REPLICAS:
        world.cart(Client(f"check-{r}"), r, "cart-9", why="(merged: every add survives, re-added shoes stay, socks are gone)")
    world.sync()
    world.net([["a"], ["b"], ["c"]])
    for r in REPLICAS:
        world.cart(Client(f"isolated-{r}"), r, "cart-9", why="(after sync and a new partition, every replica holds the merged cart)")


def scenario_carts_random(report, submission):
    world = World(report)
    rng = random.Random(777)
    layouts = [[["a", "b", "c"]], [["a", "b"], ["c"]], [["a", "c"], ["b"]], [["b", "c"], ["a"]], [["a"], ["b"], ["c"]]]
    clients = [Client(f"client-{n}") for n in range(6)]
    home = {c.name: rng.choice(REPLICAS) for c in clients}
    for step in range(220):
        roll = rng.random()
        if roll < 0.1:
            world.net(rng.choice(layouts))
        elif roll < 0.13:
            world.sync()
        else:
            client = rng.choice(clients)
            replica = home[client.name] if rng.random() < 0.6 else rng.choice(REPLICAS)
            cart = f"cart-{rng.randrange(3)}"
            kind = rng.random()
            operation = None if kind < 0.4 else ("add", f"item-{rng.randrange(6)}") if kind < 0.8 else ("remove", f"item-{rng.randrange(6)}")
            world.cart(client, replica, cart, operation)
    world.net([["a", "b", "c"]])
    world.sync()
    for r in REPLICAS:
        for cart in ("cart-0", "cart-1", "cart-2"):
            world.cart(Client(f"final-{r}"), r, cart, why="(converged)")


SCENARIOS = {
    "declaration": scenario_declaration, "healthy": scenario_healthy,
    "accounts-majority": scenario_accounts_majority, "accounts-stale": scenario_accounts_stale,
    "accounts-random": scenario_accounts_random, "carts-available": scenario_carts_available,
    "carts-sessions": scenario_carts_sessions, "carts-convergence": scenario_carts_convergence,
    "carts-random": scenario_carts_random,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    report = Report()
    SCENARIOS[args.scenario](report, args.submission)
    report.emit()


if __name__ == "__main__":
    main()
