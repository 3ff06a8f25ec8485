"""Writes the hidden cases (cases/) and the lab's visible tests (Labs/token-bucket/tests/).

Inputs are made here, deterministically (fixed seeds); expected outputs come from running the Python reference.
Run from anywhere: python3 Graders/token-bucket/make-cases.py
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "token-bucket", "tests")
HIDDEN = os.path.join(HERE, "cases")
REFERENCE = os.path.join(HERE, "reference", "python", "main.py")


def render(capacity, refill, events):
    return f"capacity={capacity} refill={refill}\n" + "".join(f"{t} {c}\n" for t, c in events)


def burst():
    # Seven requests at once into a bucket of five, then one token's worth of waiting.
    return render(5, 1, [(0, "api")] * 7 + [(1000, "api"), (1000, "api"), (2500, "api"), (3000, "api"), (3000, "api")])


def fractional():
    # Drained at t=0, then a request every 500 ms at one token per second: every second one gets through.
    events = [(0, "u1"), (0, "u1")] + [(t, "u1") for t in range(500, 6001, 500)]
    return render(2, 1, events)


def exact_boundary():
    # Three tokens per second: a token takes 333.33 ms, so 333 ms is not enough and 334 ms is.
    events = [(0, "c"), (0, "c"), (333, "c"), (334, "c"), (667, "c"), (668, "c"), (1000, "c"), (1001, "c"), (1335, "c")]
    rng = random.Random(3)
    t = 1335
    for _ in range(300):
        t += rng.randint(0, 250)
        events.append((t, "c"))
    return render(2, 3, events)


def two_clients():
    events = []
    for t in (0, 0, 0, 0, 10, 10, 20):
        events.append((t, "alice"))
        events.append((t, "bob"))
    events += [(1000, "alice"), (1000, "alice"), (1500, "bob"), (1500, "bob"), (2000, "carol"), (2000, "carol")]
    return render(3, 1, events)


def many_clients(seed, clients, count, max_gap, capacity, refill, idle_every=0, idle=0):
    rng = random.Random(seed)
    names = [f"client-{i:03d}" for i in range(clients)]
    hot = names[: max(1, clients // 10)]
    t = rng.randint(0, 10_000)
    events = []
    for n in range(count):
        t += rng.randint(0, max_gap)
        if idle_every and n % idle_every == idle_every - 1:
            t += idle
        name = rng.choice(hot) if rng.random() < 0.6 else rng.choice(names)
        events.append((t, name))
    return render(capacity, refill, events)


def idle_burst():
    events = [(0, "k")] * 4 + [(60_000, "k")] * 6 + [(60_400, "k"), (61_000, "k"), (3_600_000, "k")] + [(3_600_000, "k")] * 3
    return render(3, 2, events)


def large():
    rng = random.Random(8)
    names = [f"user{i}" for i in range(500)]
    hot = names[:20]
    t = 100_000_000_000
    events = []
    for n in range(50_000):
        t += rng.choice([0, 0, 1, 2, 5, 20])
        if n == 37_500:
            t = 999_000_000_000  # a long idle: the refill must still be capped and exact
        events.append((t, rng.choice(hot) if rng.random() < 0.5 else rng.choice(names)))
    return render(10, 3, events)


def blank_lines():
    # Empty lines are ignored: before the first request, between requests and at the end.
    return "capacity=2 refill=1\n\n0 a\n\n\n0 a\n0 a\n\n1000 a\n1000 a\n\n"


def crlf_lines():
    # Some lines end with \r\n and some with \n: the \r is not part of the client's name.
    lines = ["capacity=2 refill=1\r"]
    for n, t in enumerate([0, 0, 0, 500, 1000, 1000, 2000, 2000, 2000]):
        lines.append(f"{t} win" + ("\r" if n % 2 == 0 else ""))
    return "\n".join(lines) + "\n"


def names_are_names():
    # Client names are compared exactly: Alice, alice and ALICE are three clients; so are a-1 and a_1.
    events = []
    for t in (0, 0, 0):
        for name in ("alice", "Alice", "ALICE", "a-1", "a_1"):
            events.append((t, name))
    return render(2, 1, events)


def extreme_config():
    # The largest configuration (capacity 1000, 1000 tokens a second) with times near 10^12: a burst of
    # 1,005 requests at one instant, then one token per millisecond (times never decrease, as the README says).
    t = 999_999_000_000
    events = [(t, "big")] * 1005
    for step in range(3):
        base = t + 3 * step
        events += [(base + 1, "big"), (base + 1, "big"), (base + 3, "big")]
    events += [(10**12, "big")] * 1002
    return render(1000, 1000, events)


def smallest_config():
    # The smallest configuration: one token, one token a second.
    return render(1, 1, [(0, "s"), (0, "s"), (999, "s"), (1000, "s"), (1000, "s"), (5000, "s"), (5000, "s"),
                         (5999, "s"), (6000, "s")])


HIDDEN_CASES = {
    "01-burst": burst,
    "02-fractional": fractional,
    "03-exact-boundary": exact_boundary,
    "04-two-clients": two_clients,
    "05-many-clients": lambda: many_clients(5, 40, 3000, 40, 5, 2),
    "06-idle-burst": idle_burst,
    "07-mixed-idle": lambda: many_clients(7, 25, 4000, 30, 4, 3, idle_every=500, idle=120_000),
    "08-large": large,
    "09-blank-lines": blank_lines,
    "10-crlf-lines": crlf_lines,
    "11-names": names_are_names,
    "12-extreme-config": extreme_config,
    "13-smallest-config": smallest_config,
}

VISIBLE_CASES = {
    "01-single-client": lambda: render(3, 1, [(0, "a"), (0, "a"), (0, "a"), (0, "a"), (500, "a"), (1000, "a"), (1000, "a")]),
    "02-two-clients": lambda: render(2, 1, [(0, "a"), (0, "b"), (0, "a"), (0, "b"), (0, "a"), (0, "b"), (1000, "a"), (1000, "b")]),
    "03-idle": lambda: render(2, 5, [(0, "a"), (0, "a"), (0, "a"), (10_000, "a"), (10_000, "a"), (10_000, "a")]),
}


def write(directory, cases):
    os.makedirs(directory, exist_ok=True)
    for name, make in cases.items():
        text = make()
        with open(os.path.join(directory, name + ".in"), "w") as f:
            f.write(text)
        out = subprocess.run([sys.executable, REFERENCE], input=text, capture_output=True, text=True, check=True).stdout
        with open(os.path.join(directory, name + ".out"), "w") as f:
            f.write(out)


if __name__ == "__main__":
    write(HIDDEN, HIDDEN_CASES)
    write(VISIBLE, VISIBLE_CASES)
