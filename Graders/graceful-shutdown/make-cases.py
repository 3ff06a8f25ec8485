"""Writes the visible half of graceful-shutdown: Labs/graceful-shutdown/tests/check.py, the same checker the
hidden tests run (it holds no hidden data: every scenario's numbers are in the README). The visible
grader.toml runs three of its scenarios; the hidden one runs all of them.

Run from anywhere: python3 Graders/graceful-shutdown/make-cases.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "graceful-shutdown", "tests")


def main():
    os.makedirs(VISIBLE, exist_ok=True)
    shutil.copy(os.path.join(HERE, "check.py"), os.path.join(VISIBLE, "check.py"))


if __name__ == "__main__":
    main()
