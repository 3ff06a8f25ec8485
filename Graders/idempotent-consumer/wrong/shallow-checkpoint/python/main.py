# Known-wrong (shallow-checkpoint): takes the checkpoint with copy.copy, which shares the balances, seen ids and queues with the live state.
import copy
import json
import sys


class Consumer:
    """Everything the consumer knows. A checkpoint saves all of it at once; a crash brings all of it back."""

    def __init__(self):
        self.balances = {}  # account -> integer balance
        self.seen = set()  # ids of every message applied, rejected or waiting: a redelivery is a duplicate
        self.next_seq = {}  # account -> the seq that account's stream needs next
        self.waiting = {}  # account -> {seq: message} that arrived before their turn
        self.duplicates = 0
        self.rejected = 0

    def receive(self, message):
        if message["id"] in self.seen:
            self.duplicates += 1
            return
        self.seen.add(message["id"])
        account = message["account"]
        self.waiting.setdefault(account, {})[message["seq"]] = message
        expected = self.next_seq.get(account, 1)
        queue = self.waiting[account]
        while expected in queue:
            self.apply(queue.pop(expected))
            expected += 1
        self.next_seq[account] = expected

    def apply(self, message):
        account, amount = message["account"], message["amount"]
        self.balances.setdefault(account, 0)
        if message["type"] == "deposit":
            self.balances[account] += amount
            return
        target = message["to"]
        self.balances.setdefault(target, 0)
        if self.balances[account] < amount:
            self.rejected += 1
            return
        self.balances[account] -= amount
        self.balances[target] += amount

    def report(self):
        lines = [f"{account} {self.balances[account]}" for account in sorted(self.balances)]
        pending = sum(len(queue) for queue in self.waiting.values())
        lines += [f"duplicates: {self.duplicates}", f"rejected: {self.rejected}", f"pending: {pending}"]
        return "\n".join(lines) + "\n"


def main():
    consumer = Consumer()
    checkpoint = copy.deepcopy(consumer)
    for raw in sys.stdin.read().split("\n"):
        line = raw.strip()
        if line == "":
            continue
        if line == "checkpoint":
            checkpoint = copy.copy(consumer)
        elif line == "crash":
            consumer = copy.deepcopy(checkpoint)
        else:
            consumer.receive(json.loads(line))
    sys.stdout.write(consumer.report())


if __name__ == "__main__":
    main()
