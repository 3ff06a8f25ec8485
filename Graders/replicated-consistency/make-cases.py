"""Keeps the visible tests of replicated-consistency in step with the hidden grader, and measures the scenarios.

There are no case files: check.py's scenarios are written out or drawn from fixed seeds, and its model predicts
every answer. This script copies check.py into Labs/replicated-consistency/tests/ (the visible tests run the
same checks, fewer scenarios) and runs every scenario against the model alone, to show and assert how often each
kind of answer is expected, so that a change of seed cannot quietly remove the 503s, 409s or stale replicas a
scenario is there to test. Run from anywhere: python3 Graders/replicated-consistency/make-cases.py
"""
import collections
import importlib.util
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "replicated-consistency", "tests")
sys.dont_write_bytecode = True


def load_check():
    spec = importlib.util.spec_from_file_location("check", os.path.join(HERE, "check.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(check, name):
    counts = collections.Counter()
    check.http = lambda *args, **kwargs: (200, {"x-session": "t"}, {"groups": [["a", "b", "c"]]})
    original = check.World.expect

    def count(self, label, got, want):
        counts[want[0]] += 1
        return True

    check.World.expect = count
    try:
        check.SCENARIOS[name](check.Report(), HERE)
    finally:
        check.World.expect = original
    return counts


def stale_local_reads(check):
    """How many reads in accounts-random are coordinated by a replica whose own copy is behind its quorum's."""
    stale = []
    read = check.Model.read

    def spy(self, replica, account):
        group = self.group(replica)
        versions = [self.accounts[r][account] for r in group if account in self.accounts[r]]
        if len(group) >= check.R and versions and self.accounts[replica].get(account) != max(versions, key=lambda v: v[:2]):
            stale.append((replica, account))
        return read(self, replica, account)

    check.Model.read = spy
    try:
        measure(check, "accounts-random")
    finally:
        check.Model.read = read
    return len(stale)


def main():
    check = load_check()
    stale = stale_local_reads(check)
    print(f"accounts-random: {stale} reads where the coordinator's own copy is stale")
    assert stale >= 5, "accounts-random must make local-only reads fail"
    minimum = {
        "accounts-majority": {200: 8, 503: 4}, "accounts-stale": {200: 8}, "accounts-random": {200: 40, 404: 1, 503: 20},
        "carts-available": {200: 20}, "carts-sessions": {200: 8, 409: 4}, "carts-convergence": {200: 10},
        "carts-random": {200: 100, 409: 10},
    }
    for name, needs in minimum.items():
        counts = measure(check, name)
        print(f"{name}: " + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
        for status, least in needs.items():
            assert counts[status] >= least, f"{name} expects only {counts[status]} answers of {status}, want {least}"
    shutil.copyfile(os.path.join(HERE, "check.py"), os.path.join(VISIBLE, "check.py"))
    print("copied check.py to the visible tests")


main()
