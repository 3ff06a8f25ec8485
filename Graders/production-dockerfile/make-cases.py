"""Writes the visible half of production-dockerfile: Labs/production-dockerfile/tests/check.py, the same checker the
hidden tests run (it holds no hidden data: every rule is in the README). The visible
grader.toml runs three of its rules; the hidden one runs all of them.

Run from anywhere: python3 Graders/production-dockerfile/make-cases.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "production-dockerfile", "tests")


def main():
    os.makedirs(VISIBLE, exist_ok=True)
    shutil.copy(os.path.join(HERE, "check.py"), os.path.join(VISIBLE, "check.py"))


if __name__ == "__main__":
    main()
