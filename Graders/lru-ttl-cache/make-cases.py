"""Writes the hidden cases (cases/) and the lab's visible tests (Labs/lru-ttl-cache/tests/).

Inputs are made here, deterministically (fixed seeds); expected outputs come from running the Python reference.
Run from anywhere: python3 Graders/lru-ttl-cache/make-cases.py
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "lru-ttl-cache", "tests")
HIDDEN = os.path.join(HERE, "cases")
REFERENCE = os.path.join(HERE, "reference", "python", "main.py")
FOREVER = 10**9  # a TTL long enough never to matter in a test


def text(capacity, lines):
    return "\n".join([f"capacity={capacity}"] + lines) + "\n"


def basic():
    return text(3, [f"set a 1 {FOREVER}", f"set b 2 {FOREVER}", "get a", "get b", "get zz", f"set c 3 {FOREVER}",
                    "size", f"set d 4 {FOREVER}", "get c", "get d", "size"])


def recency():
    # Reading an entry makes it the most recently used: the eviction must pick another one.
    return text(3, [f"set a 1 {FOREVER}", f"set b 2 {FOREVER}", f"set c 3 {FOREVER}", "get a",
                    f"set d 4 {FOREVER}", "get b", "get a", "get c", "get a", f"set e 5 {FOREVER}", "get d",
                    "get c", "get a", "get e"])


def update_existing():
    # Setting a key that is already cached replaces its value and refreshes it; nothing is evicted.
    return text(2, [f"set a 1 {FOREVER}", f"set b 2 {FOREVER}", f"set a 10 {FOREVER}", "size", "get a", "get b",
                    f"set c 3 {FOREVER}", "get a", "get b", "get c", f"set c 30 {FOREVER}", "get c", "size"])


def expiry():
    return text(5, ["set a 1 100", "set b 2 300", "tick 50", "get a", "tick 49", "get a", "tick 1", "get a",
                    "get b", "set a 11 100", "tick 150", "get a", "get b", "tick 100", "get b", "size"])


def boundary():
    # An entry set at time t with TTL d is live while now < t + d: at exactly t + d it is gone.
    return text(4, ["tick 7", "set k v 10", "tick 9", "get k", "tick 1", "get k", "set x 1 1", "get x", "tick 1",
                    "get x", "size", "set y 2 5", "tick 4", "get y", "set y 3 5", "tick 4", "get y", "tick 1",
                    "get y", "size"])


def no_sliding():
    # Reading an entry refreshes its recency, not its time to live.
    return text(3, ["set s 1 100", "tick 60", "get s", "tick 60", "get s", "size"])


def random_ops(seed, capacity, count, keys, ttl_range, tick_range, get_share=0.5):
    rng = random.Random(seed)
    names = [f"k{i}" for i in range(keys)]
    lines = []
    for n in range(count):
        roll = rng.random()
        if roll < get_share:
            lines.append(f"get {rng.choice(names)}")
        elif roll < get_share + 0.35:
            lines.append(f"set {rng.choice(names)} v{n} {rng.randint(*ttl_range)}")
        elif roll < 0.97:
            lines.append(f"tick {rng.randint(*tick_range)}")
        else:
            lines.append("size")
    return text(capacity, lines)


def expired_do_not_count():
    # The expired entry is the most recently used one: it must go, not the live least recently used one.
    return text(2, [f"set a 1 {FOREVER}", "set b 2 10", "get b", "tick 20", "set c 3 1000", "get a", "get b",
                    "get c", "size", "set d 4 5", "set e 5 1000", "get d", "get a", "tick 5", "size",
                    "set f 6 1000", "get e", "get f", "get a", "size"])


def size_counts_live():
    return text(10, ["set a 1 10", "set b 2 20", "set c 3 30", f"set d 4 {FOREVER}", "size", "tick 10", "size",
                     "tick 10", "size", "get c", "tick 10", "size", "get c", "size"])


def blank_lines():
    # Empty lines are ignored, wherever they are.
    return "\n".join(["capacity=2", "", f"set a 1 {FOREVER}", "", "", f"set b 2 {FOREVER}", "get a", "",
                      f"set c 3 {FOREVER}", "get b", "get a", "get c", "size", "", ""]) + "\n"


def only_empty_lines():
    # Nothing but empty lines: no capacity line and no commands, so nothing to print (and no crash).
    return "\n\n\n"


def capacity_one():
    # The smallest cache: every new key evicts the one before, an update evicts nothing.
    return text(1, [f"set a 1 {FOREVER}", "get a", f"set a 2 {FOREVER}", "get a", "size", f"set b 3 {FOREVER}",
                    "get a", "get b", "size", "set c 4 10", "tick 10", "size", f"set d 5 {FOREVER}", "get b", "get d"])


def shorter_ttl():
    # A set of a live key replaces its expiry with now + the new TTL, even when that is sooner.
    return text(3, ["set a 1 1000", "tick 100", "set a 2 10", "tick 9", "get a", "tick 1", "get a", "size",
                    "set b 1 50", "set b 2 5000", "tick 60", "get b"])


def reset_expired_key():
    # A key whose entry has expired has no live entry: setting it again is a new entry, which must make room
    # by evicting the least recently used live entry when the cache is full.
    return text(2, ["set a 1 10", f"set b 2 {FOREVER}", "tick 10", f"set c 3 {FOREVER}", f"set a 4 {FOREVER}",
                    "size", "get b", "get c", "get a", "tick 5", f"set b 5 {FOREVER}", "get c", "get a", "get b",
                    "size"])


def many_new_keys():
    # 60,000 operations, nearly all sets of keys never seen before, into a cache of 10,000 entries: every set
    # must make room, so finding what to drop must not cost a pass over the whole cache.
    rng = random.Random(12)
    lines = []
    for n in range(60000):
        roll = rng.random()
        if roll < 0.90:
            lines.append(f"set w{n} v{n} {rng.randint(1000, 100000)}")
        elif roll < 0.97:
            lines.append(f"tick {rng.randint(0, 20)}")
        else:
            lines.append(f"get w{rng.randint(0, n)}")
    return text(10000, lines)


def hot_keys():
    # A full cache of 3,000 entries, then 57,000 operations that mostly read a few hot keys: moving a key to the
    # most recently used end must not cost a pass over the whole cache either.
    rng = random.Random(13)
    lines = [f"set r{i} v{i} {FOREVER}" for i in range(3000)]
    hot = [f"r{i}" for i in rng.sample(range(3000), 5)]
    for _ in range(57000):
        roll = rng.random()
        if roll < 0.85:
            lines.append(f"get {rng.choice(hot)}")
        elif roll < 0.97:
            lines.append(f"get r{rng.randrange(3000)}")
        else:
            lines.append(f"tick {rng.randint(0, 20)}")
    return text(3000, lines)


HIDDEN_CASES = {
    "01-basic": basic,
    "02-recency": recency,
    "03-update-existing": update_existing,
    "04-expiry": expiry,
    "05-boundary": boundary,
    "06-no-sliding": no_sliding,
    "07-mixed-ttl": lambda: random_ops(7, 8, 3000, 20, (1, 400), (0, 60)),
    "08-expired-do-not-count": expired_do_not_count,
    "09-size": size_counts_live,
    "10-churn": lambda: random_ops(10, 50, 5000, 120, (5, 2000), (0, 30), get_share=0.4),
    # The README's 60,000 operations, on the largest cache it allows (10,000 entries), which twenty thousand keys
    # keep full: anything that scans the cache per operation runs out of the test's CPU time.
    "11-large": lambda: random_ops(11, 10000, 60000, 20000, (1000, 200000), (0, 20), get_share=0.45),
    "12-blank-lines": blank_lines,
    "13-capacity-one": capacity_one,
    "14-shorter-ttl": shorter_ttl,
    "15-reset-expired-key": reset_expired_key,
    "16-many-new-keys": many_new_keys,
    "17-hot-keys": hot_keys,
    "18-only-empty-lines": only_empty_lines,
}

VISIBLE_CASES = {
    "01-lru": lambda: text(2, [f"set a 1 {FOREVER}", f"set b 2 {FOREVER}", "get a", f"set c 3 {FOREVER}", "get a",
                               "get b", "get c"]),
    "02-ttl": lambda: text(2, ["set a 1 100", "tick 99", "get a", "tick 1", "get a"]),
    "03-expired-and-capacity": lambda: text(2, [f"set a 1 {FOREVER}", "set b 2 10", "get b", "tick 10",
                                                f"set c 3 {FOREVER}", "get a", "get c", "size"]),
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
