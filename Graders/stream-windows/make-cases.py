"""Writes the cases of stream-windows: python3 make-cases.py (from anywhere).

Every expected output comes from the Python reference (reference/python/main.py), run on the case's input with
the case's settings, so a case can never disagree with the reference. Writes cases/*.in, cases/*.out and
cases/long-7.out.gz here, and the visible tests' inputs, outputs and long-1.out.gz in Labs/stream-windows/tests/.
"""
import gzip
import io
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAB = os.path.join(HERE, "..", "..", "Labs", "stream-windows")
REFERENCE = os.path.join(HERE, "reference", "python", "main.py")
sys.path.insert(0, HERE)
import check  # noqa: E402  (the long stream's generator)

B = 1_700_000_000_000          # a whole second, in epoch milliseconds
M = 1_699_999_980_000          # a whole minute


def E(id, time, key, value):
    return '{"id": "%s", "time": %d, "key": "%s", "value": %d}' % (id, time, key, value)


def settings(window, delay, lateness):
    return {"WINDOW_MS": str(window), "MAX_DELAY_MS": str(delay), "ALLOWED_LATENESS_MS": str(lateness)}


CASES = {
    "tumbling": (settings(10, 0, 0), [
        E("e1", 0, "a", 5), E("e2", 3, "b", 1), E("e3", 9, "a", 2), E("e4", 10, "a", 7), E("e5", 14, "b", -3),
        E("e6", 19, "a", 1), E("e7", 31, "c", 4)]),
    "fire-boundary": (settings(10, 0, 0), [
        E("e1", 5, "a", 1), E("e2", 10, "a", 2), E("e3", 7, "a", 4), E("e4", 12, "a", 8)]),
    "out-of-order": (settings(1000, 300, 0), [
        E("x1", B + 100, "x", 1), E("x2", B + 900, "x", 2), E("y1", B + 950, "y", 3), E("x3", B + 1200, "x", 4),
        E("x4", B + 800, "x", 5), E("y2", B + 1299, "y", 6), E("x5", B + 1300, "x", 7), E("y3", B + 999, "y", 8),
        E("x6", B + 2500, "x", 9)]),
    "global-watermark": (settings(10, 0, 0), [
        E("e1", 3, "b", 1), E("e2", 15, "a", 2), E("e3", 4, "b", 4), E("e4", 25, "a", 8)]),
    "watermark-holds": (settings(10, 5, 0), [
        E("e1", 30, "a", 1), E("e2", 45, "a", 2), E("e3", 41, "a", 4), E("e4", 37, "b", 8), E("e5", 2, "b", 16),
        E("e6", 60, "a", 32)]),
    "burst": (settings(5, 0, 0), [
        E("e1", 1, "b", 1), E("e2", 2, "a2", 2), E("e3", 3, "a10", 3), E("e4", 6, "b", 4), E("e5", 7, "a2", 5),
        E("e6", 12, "a10", 6), E("e7", 40, "z", 7)]),
    "defaults": ({}, [
        E("m1", M + 59_999, "k", 1), E("m2", M + 1000, "k", 2), E("m3", M + 60_000, "k", 4), E("m4", M + 2000, "k", 8),
        E("m5", M + 61_000, "k", 16)]),
    "invalid": (settings(10, 0, 0), [
        E("e1", 1, "a", 1),
        "not json",
        '{"id": "q", "time": 999, "key": "a"}',
        '{"id": "s", "time": "5", "key": "a", "value": 1}',
        '{"id": "", "time": 5, "key": "a", "value": 1}',
        '{"id": "n", "time": -1, "key": "a", "value": 1}',
        '{"id": "b", "time": 5, "key": "a", "value": true}',
        '{"id": "f", "time": 7, "key": "a", "value": 2.5}',
        '{"id": "k", "time": 7, "key": 3, "value": 2}',
        '{"id": "tb", "time": true, "key": "a", "value": 1}',
        '{"id": "tf", "time": 4.5, "key": "a", "value": 1}',
        '{"id": "ek", "time": 3, "key": "", "value": 1}',
        '{"time": 3, "key": "a", "value": 1}',
        '{"id": 12, "time": 3, "key": "a", "value": 1}',
        "[1, 2]",
        "",
        E("e2", 8, "a", 2) + "\r",
        "   ",
        E("e3", 12, "a", 4)]),
    "allowed-lateness": (settings(10, 0, 10), [
        E("e1", 2, "a", 1), E("e2", 5, "a", 2), E("e3", 11, "a", 3), E("e4", 7, "a", 4), E("e5", 19, "a", 5),
        E("e6", 9, "a", 6), E("e7", 20, "a", 7), E("e8", 8, "a", 8), E("e9", 35, "a", 9)]),
    "late-new-window": (settings(10, 0, 20), [
        E("e1", 25, "a", 1), E("e2", 3, "b", 1), E("e3", 4, "b", 2), E("e4", 31, "a", 4)]),
    "duplicates": (settings(10, 0, 10), [
        E("d1", 1, "a", 1), E("d1", 1, "a", 1), E("d2", 4, "a", 2), E("d3", 12, "a", 3), E("d2", 4, "a", 2),
        E("d4", 6, "a", 4), E("d5", 25, "a", 5), E("d1", 1, "a", 1), E("d3", 12, "a", 3), E("d6", 26, "a", 5),
        E("d7", 26, "a", 5)]),
    "late-with-delay": (settings(10, 5, 5), [
        E("e1", 1, "a", 1), E("e2", 14, "a", 2), E("e3", 15, "a", 4), E("e4", 3, "a", 8), E("e5", 21, "a", 16),
        E("e6", 2, "a", 32), E("e7", 26, "a", 64)]),
}
VISIBLE = {"tumbling": "01-tumbling", "allowed-lateness": "02-allowed-lateness"}


def run_reference(env, stdin):
    environment = {k: v for k, v in os.environ.items() if k not in ("WINDOW_MS", "MAX_DELAY_MS", "ALLOWED_LATENESS_MS")}
    environment.update(env)
    result = subprocess.run([sys.executable, REFERENCE], input=stdin, env=environment, capture_output=True, check=True)
    return result.stdout


def main():
    os.makedirs(os.path.join(HERE, "cases"), exist_ok=True)
    os.makedirs(os.path.join(LAB, "tests", "cases"), exist_ok=True)
    for name, (env, lines) in CASES.items():
        stdin = ("\n".join(lines) + "\n").encode()
        stdout = run_reference(env, stdin)
        for directory, stem in [(os.path.join(HERE, "cases"), name)] + (
                [(os.path.join(LAB, "tests"), VISIBLE[name])] if name in VISIBLE else []):
            with open(os.path.join(directory, stem + ".in"), "wb") as file:
                file.write(stdin)
            with open(os.path.join(directory, stem + ".out"), "wb") as file:
                file.write(stdout)
    for seed, directory in [(7, os.path.join(HERE, "cases")), (1, os.path.join(LAB, "tests", "cases"))]:
        stdin = "".join(check.long_events(check.LONG_EVENTS, seed)).encode()
        stdout = run_reference(check.LONG_SETTINGS, stdin)
        with open(os.path.join(directory, f"long-{seed}.out.gz"), "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as file:
                file.write(stdout)
        lines = stdout.decode().splitlines()
        print(f"long-{seed}: {len(lines)} lines, {lines[-1]}")
    shutil.copyfile(os.path.join(HERE, "check.py"), os.path.join(LAB, "tests", "check.py"))


if __name__ == "__main__":
    main()
