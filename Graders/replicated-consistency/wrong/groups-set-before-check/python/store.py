# Known-wrong (groups-set-before-check): takes the new groups before validating them, so a PUT /_net answered 400 still changes the network.
"""A three-replica key-value store with a simulated network. Reference solution.

Accounts are registers kept linearizable by quorums (consistency.json sets W and R); carts are observed-remove
sets (add wins) that every replica serves, with session guarantees carried by a token the client sends back.
"""
import base64
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPLICAS = ("a", "b", "c")


class Refused(Exception):
    def __init__(self, status, error):
        super().__init__(error)
        self.status = status
        self.error = error


def load_design():
    with open(os.path.join(HERE, "consistency.json")) as f:
        return json.load(f)


class Cluster:
    def __init__(self, design):
        self.write_quorum = design["accounts"]["write-quorum"]
        self.read_quorum = design["accounts"]["read-quorum"]
        self.groups = [set(REPLICAS)]
        # accounts[replica][id] = (counter, origin, balance): the version is (counter, origin)
        self.accounts = {r: {} for r in REPLICAS}
        # carts[replica][id] = {tag: op}; an op is ("add", item) or ("remove", frozenset of removed add tags);
        # a tag is (origin, counter), counters per origin and growing across every cart
        self.carts = {r: {} for r in REPLICAS}
        self.counters = {r: 0 for r in REPLICAS}

    # -- the network ------------------------------------------------------------------------------------------

    def reachable(self, replica):
        return next(group for group in self.groups if replica in group)

    def set_groups(self, groups):
        self.groups = [set(g) for g in groups] if isinstance(groups, list) else self.groups
        if (not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups)
                or sorted(r for g in groups for r in g) != sorted(REPLICAS)):
            raise Refused(400, "groups must list every replica (a, b, c) exactly once, in non-empty groups")

    def describe(self):
        return {"groups": sorted(sorted(g) for g in self.groups)}

    def sync(self):
        """Anti-entropy: replicas that can reach each other exchange everything they are missing."""
        for group in self.groups:
            ids = {i for r in group for i in self.accounts[r]}
            for i in ids:
                best = max((self.accounts[r][i] for r in group if i in self.accounts[r]), key=lambda v: v[:2])
                for r in group:
                    self.accounts[r][i] = best
            for i in {i for r in group for i in self.carts[r]}:
                self.sync_cart(group, i)

    # -- accounts: quorum registers ----------------------------------------------------------------------------

    def write_account(self, replica, account, balance):
        group = self.reachable(replica)
        if len(group) < self.write_quorum:
            raise Refused(503, "no-quorum")
        counter = max((self.accounts[r][account][0] for r in group if account in self.accounts[r]), default=0) + 1
        for r in group:
            self.accounts[r][account] = (counter, replica, balance)
        return {"balance": balance}

    def read_account(self, replica, account):
        group = self.reachable(replica)
        if len(group) < self.read_quorum:
            raise Refused(503, "no-quorum")
        versions = [self.accounts[r][account] for r in group if account in self.accounts[r]]
        if not versions:
            raise Refused(404, "not-found")
        best = max(versions, key=lambda v: v[:2])
        for r in group:  # read repair
            self.accounts[r][account] = best
        return {"balance": best[2]}

    # -- carts: observed-remove sets with session tokens ----------------------------------------------------------

    def sync_cart(self, group, cart):
        merged = {}
        for r in group:
            merged.update(self.carts[r].get(cart, {}))
        for r in group:
            self.carts[r][cart] = dict(merged)
        return merged

    def cart(self, replica, cart, session, operation=None):
        group = self.reachable(replica)
        ops = self.sync_cart(group, cart)
        seen = session.get(cart, {})
        have = vector(ops)
        if any(have.get(origin, 0) < counter for origin, counter in seen.items()):
            raise Refused(409, "session-not-caught-up")
        if operation is not None:
            self.counters[replica] += 1
            tag = (replica, self.counters[replica])
            kind, item = operation
            if kind == "add":
                op = ("add", item)
            else:
                op = ("remove", frozenset(t for t, o in ops.items() if o[0] == "add" and o[1] == item and not removed(ops, t)))
            for r in group:
                self.carts[r][cart][tag] = op
            ops = self.carts[replica][cart]
        session = dict(session)
        session[cart] = vector(ops)
        return {"items": items(ops)}, session


def removed(ops, tag):
    return any(o[0] == "remove" and tag in o[1] for o in ops.values())


def items(ops):
    gone = set()
    for op in ops.values():
        if op[0] == "remove":
            gone |= op[1]
    return sorted({op[1] for tag, op in ops.items() if op[0] == "add" and tag not in gone})


def vector(ops):
    out = {}
    for origin, counter in ops:
        out[origin] = max(out.get(origin, 0), counter)
    return out


def encode_session(session):
    return base64.urlsafe_b64encode(json.dumps(session, sort_keys=True).encode()).decode().rstrip("=")


def decode_session(token):
    if not token:
        return {}
    try:
        session = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        assert isinstance(session, dict) and all(
            isinstance(v, dict) and all(r in REPLICAS and isinstance(c, int) for r, c in v.items()) for v in session.values())
        return session
    except Exception:
        raise Refused(400, "bad-session")
