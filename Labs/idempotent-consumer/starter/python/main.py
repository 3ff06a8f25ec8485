"""idempotent-consumer: apply account transfers exactly once from an at-least-once stream (see README.md)."""
import json
import sys


def main():
    balances = {}  # account -> balance
    duplicates = 0
    rejected = 0
    pending = 0

    for raw in sys.stdin.read().split("\n"):
        line = raw.strip()
        if line == "":
            continue
        if line == "checkpoint":
            # TODO (stage 2): save the consumer's whole state.
            continue
        if line == "crash":
            # TODO (stage 2): go back to the state saved at the last checkpoint (or the initial state).
            continue
        message = json.loads(line)
        # TODO (stage 1): a message whose id was seen before is a duplicate: count it and skip it.
        # TODO (stage 3): apply each account's messages in seq order (1, 2, 3, ...); hold back early ones.
        account, amount = message["account"], message["amount"]
        balances.setdefault(account, 0)
        if message["type"] == "deposit":
            balances[account] += amount
        else:
            # TODO (stage 1): a transfer moves `amount` from `account` to `to`, and is rejected (counted,
            #   no effect) when `account` has less than `amount`.
            pass

    for account in sorted(balances):
        print(f"{account} {balances[account]}")
    print(f"duplicates: {duplicates}")
    print(f"rejected: {rejected}")
    print(f"pending: {pending}")


if __name__ == "__main__":
    main()
