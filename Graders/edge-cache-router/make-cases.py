"""Writes the visible half of edge-cache-router: Labs/edge-cache-router/tests/check.py, the same checker the
hidden tests run (it holds no hidden data: its scenarios and the scripted origins are built in code from the README's rules). The visible
grader.toml runs three of its scenarios; the hidden one runs all of them. Also writes the starters'
edge-config.json from check.CONFIG.

Run from anywhere: python3 Graders/edge-cache-router/make-cases.py
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "edge-cache-router", "tests")


def main():
    os.makedirs(VISIBLE, exist_ok=True)
    shutil.copy(os.path.join(HERE, "check.py"), os.path.join(VISIBLE, "check.py"))
    # The starters' edge-config.json is the configuration most scenarios run with, so a learner tries the same.
    sys.dont_write_bytecode = True
    sys.path.insert(0, HERE)
    import check
    for language in ("python", "node"):
        path = os.path.join(HERE, "..", "..", "Labs", "edge-cache-router", "starter", language, "edge-config.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(check.CONFIG, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
