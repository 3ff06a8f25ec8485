#!/usr/bin/env python3
"""`ladder start` of a lab with 20 files, end to end, against `git init && git add -A && git commit` on the
same files, interleaved in one run so machine load falls on both alike. Prints a Markdown table.

Usage: bench/start/bench.py LADDER_BINARY [RUNS]
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

ladder = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 40
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

work = tempfile.mkdtemp(prefix="ladder-bench-start-")
catalog = os.path.join(work, "catalog")
lab = os.path.join(catalog, "Labs", "bench-twenty")
os.makedirs(os.path.join(lab, "starter", "python", "pkg"))
os.makedirs(os.path.join(lab, "tests"))
for name in ("competencies.toml", "ladder.toml"):
    shutil.copy(os.path.join(repo, "Labs", name), os.path.join(catalog, "Labs", name))
with open(os.path.join(lab, "lab.toml"), "w") as f:
    f.write('''id = "bench-twenty"
title = "Twenty files"
version = "1.0.0"
summary = "A lab whose starter has twenty files, for the start benchmark."
rung = "junior"
competencies = ["languages.python"]
pass-mark = 1

[[languages]]
id = "python"
run = ["python3", "main.py"]

[[stages]]
id = "only"
title = "Only"
points = 1
''')
with open(os.path.join(lab, "README.md"), "w") as f:
    f.write("# Twenty files\n\n" + "Text of the lab's README.\n" * 200)
files = 2  # lab README and the pin
for i in range(14):
    with open(os.path.join(lab, "starter", "python", "pkg", f"module_{i}.py"), "w") as f:
        f.write(f'"""Module {i}."""\n\n' + "".join(f"def f{j}(x):\n    return x + {j}\n\n" for j in range(40)))
    files += 1
with open(os.path.join(lab, "starter", "python", "main.py"), "w") as f:
    f.write("import sys\nprint(sys.stdin.read())\n")
files += 1
for i in range(2):
    with open(os.path.join(lab, "tests", f"0{i}.in"), "w") as f:
        f.write("x\n")
    with open(os.path.join(lab, "tests", f"0{i}.out"), "w") as f:
        f.write("x\n")
    files += 2
files += 1  # .gitignore

env = dict(os.environ, GIT_CONFIG_GLOBAL=os.path.join(work, "gitconfig"), GIT_CONFIG_SYSTEM="/dev/null", HOME=work)
with open(env["GIT_CONFIG_GLOBAL"], "w") as f:
    f.write("[user]\n\tname = Bench\n\temail = bench@ladder.invalid\n[init]\n\tdefaultBranch = main\n")

def ladder_start(i):
    target = os.path.join(work, f"l{i}")
    t = time.perf_counter()
    subprocess.run([ladder, "start", "bench-twenty", "--dir", target, "--catalog", catalog], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t

def git_baseline(i):
    target = os.path.join(work, f"g{i}")
    # The same files ladder writes, copied before the clock starts: the baseline times git alone.
    shutil.copytree(os.path.join(work, "l0"), target, ignore=shutil.ignore_patterns(".git"))
    t = time.perf_counter()
    subprocess.run(["sh", "-c", "git init -q && git add -A && git commit -qm start"], cwd=target, env=env, check=True)
    return time.perf_counter() - t

ladder_start(0)
ladder_times, git_times = [], []
for i in range(1, runs + 1):
    ladder_times.append(ladder_start(i))
    git_times.append(git_baseline(i))
shutil.rmtree(work)

lm, gm = statistics.median(ladder_times) * 1000, statistics.median(git_times) * 1000
print(f"| command ({runs} runs, interleaved, {files} files) | median ms |")
print("| --- | ---: |")
print(f"| `ladder start` (end to end: process start, catalog load, copy, libgit2 init + commit) | {lm:.1f} |")
print(f"| `git init && git add -A && git commit` (the same files already in place) | {gm:.1f} |")
print()
print(f"**ladder start median {lm:.1f} ms** (goal: under 50 ms); ratio ladder start / git baseline: {lm / gm:.2f}")
