"""A three-replica key-value store with a simulated network (see README.md).

Everything lives in this one process; "replicas" are three copies of the data, and the "network" is the list
of groups of replicas that can reach each other, set by the grader through PUT /_net.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPLICAS = ("a", "b", "c")


class Refused(Exception):
    """An answer other than 200: raise Refused(503, "no-quorum") and the server sends {"error": "no-quorum"}."""

    def __init__(self, status, error):
        super().__init__(error)
        self.status = status
        self.error = error


def load_design():
    with open(os.path.join(HERE, "consistency.json")) as f:
        return json.load(f)


class Cluster:
    def __init__(self, design):
        self.design = design
        self.groups = [set(REPLICAS)]
        self.accounts = {r: {} for r in REPLICAS}   # replica -> account id -> balance
        self.carts = {r: {} for r in REPLICAS}      # replica -> cart id -> set of items

    def reachable(self, replica):
        """The replicas `replica` can reach, itself included."""
        return next(group for group in self.groups if replica in group)

    def set_groups(self, groups):
        # TODO (stage 1): refuse (400) anything but a list of non-empty groups naming a, b and c exactly once.
        self.groups = [set(g) for g in groups]

    def describe(self):
        return {"groups": sorted(sorted(g) for g in self.groups)}

    def sync(self):
        # TODO (stage 2): anti-entropy: replicas that can reach each other exchange what they are missing.
        pass

    def write_account(self, replica, account, balance):
        # TODO (stage 2): a write quorum (consistency.json), versions, and 503 without a quorum.
        self.accounts[replica][account] = balance
        return {"balance": balance}

    def read_account(self, replica, account):
        # TODO (stage 2): a read quorum: the highest version among the replicas you reach.
        if account not in self.accounts[replica]:
            raise Refused(404, "not-found")
        return {"balance": self.accounts[replica][account]}

    def cart(self, replica, cart, session, operation=None):
        """operation: None (read), ("add", item) or ("remove", item). Returns (body, new session).

        `session` is what the client's X-Session token decodes to (decode_session), {} for a new session.
        """
        # TODO (stage 3): synchronize the reachable replicas, check the session (409), merge add-wins.
        items = self.carts[replica].setdefault(cart, set())
        if operation is not None:
            kind, item = operation
            if kind == "add":
                items.add(item)
            else:
                items.discard(item)
        return {"items": sorted(items)}, session


def encode_session(session):
    # TODO (stage 3): a token the client sends back in X-Session; it must carry what the session has observed.
    return json.dumps(session)


def decode_session(token):
    # TODO (stage 3): a malformed token is refused: raise Refused(400, "bad-session").
    return json.loads(token) if token else {}
