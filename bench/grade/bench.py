#!/usr/bin/env python3
"""A 4-case `io` lab graded end to end by `ladder submit` (git export, sandboxed runs, SQLite record, git note)
against check50 running 4 equivalent checks on the same program (`check50 --dev`, installed from PyPI when
missing), interleaved in one run. Prints a Markdown table.

Usage: bench/grade/bench.py LADDER_BINARY [RUNS]
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

ladder = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

if shutil.which("check50") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "check50"], check=True)
check50 = shutil.which("check50") or "check50"

sys.path.insert(0, os.path.join(repo, "bench", "common"))
import hello_lab
from hello_lab import NAMES

work = tempfile.mkdtemp(prefix="ladder-bench-grade-")
catalog = hello_lab.make_catalog(work, repo)

checks = os.path.join(work, "checks")
os.makedirs(checks)
with open(os.path.join(checks, ".cs50.yml"), "w") as f:
    f.write("check50:\n  files:\n    - !require main.py\n")
with open(os.path.join(checks, "__init__.py"), "w") as f:
    f.write("import check50\n")
    for i, name in enumerate(NAMES):
        f.write(f'\n@check50.check()\ndef case_{i}():\n    """greets {name}"""\n'
                f'    check50.run("python3 main.py").stdin("{name}", prompt=False).stdout("hello, {name}\\n", regex=False).exit(0)\n')

env = hello_lab.environment(work, LADDER_STORE=os.path.join(work, "store.sqlite"))
learner = os.path.join(work, "learner")
hello_lab.solved_repository(ladder, catalog, learner, env)

def time_ladder():
    t = time.perf_counter()
    done = subprocess.run([ladder, "submit", "--catalog", catalog], cwd=learner, env=env, stdout=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t
    assert done.returncode == 0 and "4/4" in done.stdout, done.stdout
    return elapsed

def time_check50():
    t = time.perf_counter()
    done = subprocess.run([check50, "--dev", checks, "-o", "json"], cwd=learner, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True)
    elapsed = time.perf_counter() - t
    assert done.stdout.count('"passed": true') == 4, done.stdout[:500]
    return elapsed

time_ladder(); time_check50()
ladder_times, check50_times = [], []
for _ in range(runs):
    ladder_times.append(time_ladder())
    check50_times.append(time_check50())
shutil.rmtree(work)

lm, cm = statistics.median(ladder_times) * 1000, statistics.median(check50_times) * 1000
print(f"| grading a 4-case io lab ({runs} runs, interleaved) | median ms |")
print("| --- | ---: |")
print(f"| `ladder submit` (export, 4 sandboxed runs, SQLite record, git note) | {lm:.0f} |")
print(f"| `check50 --dev` with 4 equivalent checks (no sandbox) | {cm:.0f} |")
print()
print(f"**check50 / ladder submit: {cm / lm:.1f}x** (goal: at least 10x)")
