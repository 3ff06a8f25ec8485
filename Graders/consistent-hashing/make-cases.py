"""Writes the hidden cases (cases/) and the lab's visible tests (Labs/consistent-hashing/tests/).

Inputs are made here, deterministically; expected outputs come from running the Python reference. Some keys
are picked by their hash: ones that land past the last virtual node (wrap-around), and ones that do not.
Run from anywhere: python3 Graders/consistent-hashing/make-cases.py
"""
import hashlib
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "consistent-hashing", "tests")
HIDDEN = os.path.join(HERE, "cases")
REFERENCE = os.path.join(HERE, "reference", "python", "main.py")


def h(text):
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def top(nodes, vnodes):
    return max(h(f"{node}#{i}") for node in nodes for i in range(vnodes))


def keys_where(prefix, count, keep):
    found, i = [], 0
    while len(found) < count:
        key = f"{prefix}{i}"
        if keep(h(key)):
            found.append(key)
        i += 1
    return found


def text(lines):
    return "\n".join(lines) + "\n"


def single_node():
    return text(["vnodes=1", "lookup user:1", "add solo", "lookup user:1", "lookup user:2", "lookup order-77",
                 "lookup x", "remove solo", "lookup user:1"])


def three_nodes():
    nodes = ["alpha", "bravo", "charlie"]
    limit = top(nodes, 1)
    keys = keys_where("user:", 30, lambda p: p <= limit)
    return text(["vnodes=1"] + [f"add {n}" for n in nodes] + [f"lookup {k}" for k in keys])


def wrap_around():
    nodes = ["alpha", "bravo", "charlie", "delta"]
    limit = top(nodes, 1)
    high = keys_where("session-", 8, lambda p: p > limit)
    low = keys_where("session-x", 4, lambda p: p <= limit)
    keys = [k for pair in zip(high, low + low) for k in pair]
    return text(["vnodes=1"] + [f"add {n}" for n in nodes] + [f"lookup {k}" for k in keys])


def add_remove():
    lines = ["vnodes=2", "add n1", "add n2"]
    keys = [f"k{i}" for i in range(12)]
    lines += [f"lookup {k}" for k in keys]
    lines += ["add n3", "add n2"] + [f"lookup {k}" for k in keys]
    lines += ["remove n1", "remove nope"] + [f"lookup {k}" for k in keys]
    lines += ["remove n2", "remove n3"] + [f"lookup {k}" for k in keys[:2]]
    return text(lines)


def vnodes_lookups():
    rng = random.Random(5)
    nodes = [f"cache-{i:02d}" for i in range(6)]
    lines = ["vnodes=50"] + [f"add {n}" for n in nodes]
    lines += [f"lookup obj-{rng.randrange(10**9)}" for _ in range(200)]
    return text(lines)


def load():
    nodes = [f"shard-{c}" for c in "abcdefgh"]
    return text(["vnodes=100"] + [f"add {n}" for n in nodes] + ["track key- 5000", "load"])


def moved_add():
    nodes = [f"node-{i}" for i in range(10)]
    return text(["vnodes=100"] + [f"add {n}" for n in nodes] + ["track user- 10000", "load", "moved-after add node-10", "load"])


def moved_remove():
    nodes = [f"db{i}" for i in range(7)]
    return text(["vnodes=64"] + [f"add {n}" for n in nodes] + [
        "track item/ 8000", "load", "moved-after remove db3", "load", "moved-after add db3", "load",
        "moved-after add db3", "moved-after remove db9", "lookup item/42", "lookup item/4242",
    ])


def large():
    rng = random.Random(9)
    nodes = [f"cache-{i:02d}" for i in range(30)]
    lines = ["vnodes=200"] + [f"add {n}" for n in nodes] + ["track k 20000", "load"]
    for change in ["add cache-30", "add cache-31", "remove cache-07", "remove cache-30", "add cache-07", "remove cache-00"]:
        lines.append(f"moved-after {change}")
    lines.append("load")
    lines += [f"lookup k{rng.randrange(20000)}" for _ in range(100)]
    return text(lines)


def exact_point():
    # A key whose hash is exactly a point's position belongs to that point's node ("greater than or equal"):
    # the keys here are the points' own names, so they land on the points.
    nodes = ["alpha", "bravo", "charlie"]
    lines = ["vnodes=3"] + [f"add {n}" for n in nodes]
    lines += [f"lookup {n}#{i}" for n in nodes for i in range(3)]
    lines += ["lookup alpha#3", "lookup bravo", "remove bravo", "lookup bravo#0", "lookup bravo#1"]
    return text(lines)


def shared_point_names():
    """Two node names whose first points share a position (found by trying names in order)."""
    seen = {}
    i = 0
    while True:
        name = f"node{i}"
        position = h(f"{name}#0")
        if position in seen:
            return sorted([seen[position], name])
        seen[position] = name
        i += 1


def shared_point():
    # Two points at the same position: the node whose name sorts first owns it, whichever was added first.
    first, second = shared_point_names()
    keys = [f"user:{i}" for i in range(6)]
    lines = ["vnodes=1", f"add {second}", f"add {first}", "add zulu"]
    lines += [f"lookup {k}" for k in keys] + [f"lookup {second}#0"]
    lines += [f"remove {first}", f"remove {second}", f"add {first}", f"add {second}"]
    lines += [f"lookup {k}" for k in keys] + [f"lookup {first}#0"]
    return text(lines)


def blank_lines():
    # Empty lines are ignored wherever they are.
    return "\n".join(["vnodes=2", "", "add a", "", "", "add b", "lookup user-1", "", "track key- 10", "load", "",
                      ""]) + "\n"


def idle_nodes():
    # load prints every node on the ring, with 0 for those that own no tracked key: before any track, and
    # with more nodes than keys.
    nodes = [f"n{i}" for i in range(12)]
    return text(["vnodes=4"] + [f"add {n}" for n in nodes] + ["load", "track only- 3", "load",
                 "moved-after add n12", "load", "remove n0", "track none- 0", "load"])


def track_again():
    # A second track replaces the tracked keys; it does not add to them.
    return text(["vnodes=20", "add east", "add west", "add north", "track a- 300", "load", "track b- 40", "load",
                 "moved-after add south", "track a- 300", "load"])


HIDDEN_CASES = {
    "01-single-node": single_node,
    "02-three-nodes": three_nodes,
    "03-wrap-around": wrap_around,
    "04-add-remove": add_remove,
    "05-vnodes-lookups": vnodes_lookups,
    "06-load": load,
    "07-moved-add": moved_add,
    "08-moved-remove": moved_remove,
    "09-large": large,
    "10-exact-point": exact_point,
    "11-shared-point": shared_point,
    "12-blank-lines": blank_lines,
    "13-idle-nodes": idle_nodes,
    "14-track-again": track_again,
}


def visible_lookups():
    return text(["vnodes=1", "lookup user-1", "add a", "add b", "add c", "lookup user-1", "lookup user-2", "lookup user-3"])


def visible_load():
    return text(["vnodes=10", "add a", "add b", "add c", "track key- 1000", "load"])


def visible_moved():
    return text(["vnodes=1", "add a", "add b", "add c", "track key- 1000", "load", "moved-after add d", "load",
                 "moved-after remove a", "load"])


VISIBLE_CASES = {
    "01-lookups": visible_lookups,
    "02-load": visible_load,
    "03-moved": visible_moved,
}


def write(directory, cases):
    os.makedirs(directory, exist_ok=True)
    for name, make in cases.items():
        text_in = make()
        out = subprocess.run([sys.executable, REFERENCE], input=text_in, capture_output=True, text=True, check=True).stdout
        with open(os.path.join(directory, name + ".in"), "w") as f:
            f.write(text_in)
        with open(os.path.join(directory, name + ".out"), "w") as f:
            f.write(out)


if __name__ == "__main__":
    write(HIDDEN, HIDDEN_CASES)
    write(VISIBLE, VISIBLE_CASES)
