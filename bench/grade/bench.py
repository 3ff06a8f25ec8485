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

NAMES = ["Ada", "Grace Hopper", "Linus", "Barbara Liskov"]
work = tempfile.mkdtemp(prefix="ladder-bench-grade-")
catalog = os.path.join(work, "catalog")
lab = os.path.join(catalog, "Labs", "hello-io")
graders = os.path.join(catalog, "Graders", "hello-io")
os.makedirs(os.path.join(lab, "starter", "python"))
os.makedirs(graders)
for name in ("competencies.toml", "ladder.toml"):
    shutil.copy(os.path.join(repo, "Labs", name), os.path.join(catalog, "Labs", name))
with open(os.path.join(lab, "lab.toml"), "w") as f:
    f.write('''id = "hello-io"
title = "Hello"
version = "1.0.0"
summary = "Greets whoever is named on standard input."
rung = "junior"
competencies = ["languages.python"]
pass-mark = 4

[[languages]]
id = "python"
run = ["python3", "main.py"]

[[stages]]
id = "greet"
title = "Greet"
points = 4
''')
with open(os.path.join(lab, "README.md"), "w") as f:
    f.write("# Hello\n")
with open(os.path.join(lab, "starter", "python", "main.py"), "w") as f:
    f.write("print('hello')\n")
with open(os.path.join(graders, "grader.toml"), "w") as f:
    f.write("format = 1\n\n[[stages]]\nid = \"greet\"\n")
    for i, name in enumerate(NAMES):
        f.write(f'\n  [[stages.tests]]\n  id = "case-{i}"\n  points = 1\n  stdin = "{name}\\n"\n  stdout = "hello, {name}\\n"\n')

checks = os.path.join(work, "checks")
os.makedirs(checks)
with open(os.path.join(checks, ".cs50.yml"), "w") as f:
    f.write("check50:\n  files:\n    - !require main.py\n")
with open(os.path.join(checks, "__init__.py"), "w") as f:
    f.write("import check50\n")
    for i, name in enumerate(NAMES):
        f.write(f'\n@check50.check()\ndef case_{i}():\n    """greets {name}"""\n'
                f'    check50.run("python3 main.py").stdin("{name}", prompt=False).stdout("hello, {name}\\n", regex=False).exit(0)\n')

env = dict(os.environ, GIT_CONFIG_GLOBAL=os.path.join(work, "gitconfig"), GIT_CONFIG_SYSTEM="/dev/null", HOME=work,
           LADDER_STORE=os.path.join(work, "store.sqlite"), NO_COLOR="1")
with open(env["GIT_CONFIG_GLOBAL"], "w") as f:
    f.write("[user]\n\tname = Bench\n\temail = bench@ladder.invalid\n")
learner = os.path.join(work, "learner")
subprocess.run([ladder, "start", "hello-io", "--dir", learner, "--catalog", catalog], env=env, check=True, stdout=subprocess.DEVNULL)
with open(os.path.join(learner, "main.py"), "w") as f:
    f.write("name = input()\nprint(f'hello, {name}')\n")
subprocess.run(["git", "commit", "-qam", "solve"], cwd=learner, env=env, check=True)

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
print(f"**check50 / ladder submit: {cm / lm:.1f}x** (goal: at least 5x)")
