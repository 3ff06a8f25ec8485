"""Writes the visible half of serverless-order-handlers: Labs/serverless-order-handlers/tests/check.py, the same checker the
hidden tests run (it holds no hidden data: its events are built in code, as the README describes them). The visible
grader.toml runs three of its scenarios; the hidden one runs all of them.

Run from anywhere: python3 Graders/serverless-order-handlers/make-cases.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "serverless-order-handlers", "tests")


def main():
    os.makedirs(VISIBLE, exist_ok=True)
    shutil.copy(os.path.join(HERE, "check.py"), os.path.join(VISIBLE, "check.py"))


if __name__ == "__main__":
    main()
