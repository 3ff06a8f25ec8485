"""Writes the hidden cases (cases/) and the lab's visible tests (Labs/idempotent-consumer/tests/).

Inputs are made here, deterministically (fixed seeds); expected outputs come from running the Python reference.
As a check of the reference, every input with crashes must give the same output as its "effective history":
the same input with each crash, and everything between the last checkpoint and that crash, cut out.
Run from anywhere: python3 Graders/idempotent-consumer/make-cases.py
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "idempotent-consumer", "tests")
HIDDEN = os.path.join(HERE, "cases")
REFERENCE = os.path.join(HERE, "reference", "python", "main.py")


class Producer:
    """Makes messages with ids and per-account sequence numbers, as the upstream service would."""

    def __init__(self, prefix="m"):
        self.prefix = prefix
        self.count = 0
        self.seqs = {}

    def message(self, account, kind, amount, to=None):
        self.count += 1
        seq = self.seqs[account] = self.seqs.get(account, 0) + 1
        message = {"id": f"{self.prefix}{self.count:04d}", "account": account, "seq": seq, "type": kind}
        if to is not None:
            message["to"] = to
        message["amount"] = amount
        return json.dumps(message)

    def deposit(self, account, amount):
        return self.message(account, "deposit", amount)

    def transfer(self, account, to, amount):
        return self.message(account, "transfer", amount, to)


def text(lines):
    return "\n".join(lines) + "\n"


def no_duplicates():
    p = Producer()
    return text([
        p.deposit("alice", 100), p.deposit("bob", 20), p.transfer("alice", "bob", 30),
        p.transfer("bob", "carol", 60), p.transfer("bob", "carol", 50), p.deposit("alice", 5),
    ])


def consecutive_duplicates():
    p = Producer()
    a, b, c, d = p.deposit("acct-1", 500), p.transfer("acct-1", "acct-2", 120), p.deposit("acct-2", 7), p.transfer("acct-2", "acct-3", 127)
    return text([a, a, b, b, b, c, d, d])


def same_payload():
    # Two real deposits of the same amount, and two real identical transfers: different ids, both count.
    p = Producer()
    return text([
        p.deposit("dora", 50), p.deposit("dora", 50), p.transfer("dora", "eve", 25), p.transfer("dora", "eve", 25),
        p.deposit("eve", 10), p.deposit("eve", 10),
    ])


def random_stream(seed, messages, accounts, dup_rate, checkpoint_every=0, crash_rate=0.0, reorder=0):
    rng = random.Random(seed)
    p = Producer()
    names = [f"acct-{i:02d}" for i in range(accounts)]
    produced = []
    opened = set()
    for _ in range(messages):
        account = rng.choice(names)
        if account not in opened or rng.random() < 0.35:
            opened.add(account)
            produced.append(p.deposit(account, rng.randint(10, 300)))
        else:
            produced.append(p.transfer(account, rng.choice([n for n in names if n != account]), rng.randint(1, 250)))
    # Reordering within an account: swap two of its messages that are close together in the stream.
    for _ in range(reorder):
        i = rng.randrange(len(produced))
        account = json.loads(produced[i])["account"]
        for j in range(i + 1, min(len(produced), i + 12)):
            if json.loads(produced[j])["account"] == account:
                produced[i], produced[j] = produced[j], produced[i]
                break
    out, since_checkpoint = [], []
    for n, line in enumerate(produced):
        out.append(line)
        since_checkpoint.append(line)
        if rng.random() < dup_rate:
            again = produced[rng.randint(max(0, n - 40), n)]
            out.append(again)
            since_checkpoint.append(again)
        if checkpoint_every and n % checkpoint_every == checkpoint_every - 1:
            out.append("checkpoint")
            since_checkpoint = []
        elif rng.random() < crash_rate:
            out.append("crash")
            out.extend(since_checkpoint)  # the broker redelivers everything after the committed position
    return text(out)


def crash_without_checkpoint():
    p = Producer()
    a, b, c = p.deposit("x", 40), p.transfer("x", "y", 15), p.deposit("y", 3)
    return text([a, b, c, "crash", a, b, c])


def redelivery():
    p = Producer()
    a, b, c, d, e = (p.deposit("ana", 200), p.transfer("ana", "ben", 80), p.deposit("ben", 20),
                     p.transfer("ben", "cy", 90), p.transfer("ana", "cy", 10))
    return text([a, b, "checkpoint", c, d, e, "crash", c, d, e])


def duplicate_after_crash():
    # A producer retry of a message from before the checkpoint arrives after the crash: still a duplicate.
    p = Producer()
    a, b, c, d = p.deposit("ana", 100), p.deposit("ben", 50), p.transfer("ana", "ben", 30), p.deposit("cy", 5)
    return text([a, b, c, "checkpoint", d, "crash", d, a, c, b])


def out_of_order():
    # ana's transfer (seq 2) arrives before her deposit (seq 1): it must wait, not be rejected.
    p = Producer()
    a1, a2 = p.deposit("ana", 100), p.transfer("ana", "ben", 60)
    b1 = p.transfer("ben", "cy", 50)
    a3 = p.transfer("ana", "cy", 30)
    return text([a2, a1, b1, a3])


def pending_at_end():
    p = Producer()
    a1, a2, a3, a4 = p.deposit("ana", 10), p.deposit("ana", 20), p.deposit("ana", 30), p.transfer("ana", "zed", 5)
    b1 = p.deposit("ben", 1)
    c1, c2 = p.deposit("cy", 9), p.transfer("cy", "ana", 9)
    return text([a1, a3, a4, a4, b1, c2])


def rejected_redelivered():
    # A rejected transfer's id is seen too: its redelivery is a duplicate, even once the money is there.
    p = Producer()
    t = p.transfer("ana", "ben", 50)
    return text([t, p.deposit("cy", 1), t, p.deposit("ana", 80), t, p.deposit("ben", 5)])


def rejected_target():
    # An account exists once an applied or rejected message names it, as account or as to: the target of a
    # rejected transfer is listed with 0. Empty lines are ignored.
    p = Producer()
    return text([p.deposit("payer", 10), "", p.transfer("payer", "ghost", 11), "", "", p.transfer("payer", "host", 10)])


def account_names():
    # Accounts are listed in plain string order: capitals before small letters, acct-10 before acct-9.
    p = Producer()
    return text([p.deposit(name, n + 1) for n, name in enumerate(["bob", "Zoe", "acct-9", "Adam", "acct-10", "_x"])])


def counters_after_crash():
    # The counters are part of the state: a crash takes back the duplicates and rejections counted since the
    # checkpoint, and they are counted again when the messages come back.
    p = Producer()
    a, b, c, d = p.deposit("ana", 10), p.transfer("ana", "ben", 50), p.deposit("ben", 3), p.transfer("ben", "cy", 9)
    return text([a, a, "checkpoint", b, c, c, d, b, "crash", b, c, d, a])


def crlf_lines():
    # Every line ends with \r\n, empty ones too: the \r is not part of the line.
    p = Producer()
    a, b, c = p.deposit("win", 100), p.transfer("win", "doc", 40), p.deposit("doc", 1)
    return "\r\n".join([a, "checkpoint", b, "", c, "crash", b, c, a, ""]) + "\r\n"


HIDDEN_CASES = {
    "01-no-duplicates": no_duplicates,
    "02-consecutive-duplicates": consecutive_duplicates,
    "03-same-payload": same_payload,
    "04-late-duplicates": lambda: random_stream(4, 400, 12, 0.25),
    "05-crash-no-checkpoint": crash_without_checkpoint,
    "06-redelivery": redelivery,
    "07-duplicate-after-crash": duplicate_after_crash,
    "08-random-crashes": lambda: random_stream(8, 600, 15, 0.15, checkpoint_every=37, crash_rate=0.03),
    "09-out-of-order": out_of_order,
    "10-pending-at-end": pending_at_end,
    "11-everything": lambda: random_stream(11, 2000, 20, 0.2, checkpoint_every=50, crash_rate=0.02, reorder=300),
    "12-rejected-redelivered": rejected_redelivered,
    "13-rejected-target": rejected_target,
    "14-account-names": account_names,
    "15-counters-after-crash": counters_after_crash,
    "16-crlf-lines": crlf_lines,
}


def visible_duplicates():
    p = Producer()
    a, b = p.deposit("alice", 100), p.transfer("alice", "bob", 30)
    return text([a, b, b, p.deposit("bob", 5), a])


def visible_crash():
    p = Producer()
    a, b, c = p.deposit("alice", 100), p.transfer("alice", "bob", 30), p.transfer("alice", "bob", 20)
    return text([a, "checkpoint", b, c, "crash", b, c])


def visible_order():
    p = Producer()
    a1, a2 = p.deposit("alice", 100), p.transfer("alice", "bob", 70)
    return text([a2, a1])


VISIBLE_CASES = {
    "01-duplicates": visible_duplicates,
    "02-crash": visible_crash,
    "03-out-of-order": visible_order,
}


def run(text_in):
    return subprocess.run([sys.executable, REFERENCE], input=text_in, capture_output=True, text=True, check=True).stdout


def effective_history(text_in):
    kept, since = [], 0
    for line in text_in.split("\n"):
        line = line.rstrip("\r")
        if line == "checkpoint":
            since = len(kept) + 1
        if line == "crash":
            del kept[since:]
            continue
        kept.append(line)
    return "\n".join(kept)


def write(directory, cases):
    os.makedirs(directory, exist_ok=True)
    for name, make in cases.items():
        text_in = make()
        out = run(text_in)
        if "crash" in text_in:
            assert run(effective_history(text_in)) == out, f"{name}: replay after a crash changed the result"
        with open(os.path.join(directory, name + ".in"), "w") as f:
            f.write(text_in)
        with open(os.path.join(directory, name + ".out"), "w") as f:
            f.write(out)


if __name__ == "__main__":
    write(HIDDEN, HIDDEN_CASES)
    write(VISIBLE, VISIBLE_CASES)
