"""Writes the visible half of kubernetes-capacity-design: Labs/kubernetes-capacity-design/tests/check.py, the same checker the
hidden tests run (it holds no hidden data: every rule and number is in the README). The visible
grader.toml runs three of its rules; the hidden one runs all of them.

Run from anywhere: python3 Graders/kubernetes-capacity-design/make-cases.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "kubernetes-capacity-design", "tests")


def main():
    os.makedirs(VISIBLE, exist_ok=True)
    shutil.copy(os.path.join(HERE, "check.py"), os.path.join(VISIBLE, "check.py"))


if __name__ == "__main__":
    main()
