#!/usr/bin/env python3
"""A classroom of N repositories of a small `io` lab (log-stats, the reference solution committed in each) graded
by `ladder classroom grade` with --jobs 1 and with --jobs 2, alternated in one run. Prints repositories per
second for each and the speedup, as a Markdown table.

Usage: bench/classroom/bench.py LADDER_BINARY [REPOSITORIES] [ROUNDS]
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

ladder = os.path.abspath(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 50
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

work = tempfile.mkdtemp(prefix="ladder-bench-classroom-")
env = dict(os.environ, GIT_CONFIG_GLOBAL=os.path.join(work, "gitconfig"), GIT_CONFIG_SYSTEM="/dev/null", HOME=work,
           NO_COLOR="1", LADDER_CATALOG=repo)
with open(env["GIT_CONFIG_GLOBAL"], "w") as f:
    f.write("[user]\n\tname = Bench\n\temail = bench@ladder.invalid\n")
rows = ["student,repository"]
for i in range(count):
    target = os.path.join(work, "repos", f"s{i:03}")
    subprocess.run([ladder, "start", "log-stats", "--dir", target], env=env, check=True, stdout=subprocess.DEVNULL)
    shutil.copy(os.path.join(repo, "Graders", "log-stats", "reference", "python", "main.py"), target)
    subprocess.run(["git", "commit", "-qam", "solve"], cwd=target, env=env, check=True)
    rows.append(f"s{i:03},{target}")
roster = os.path.join(work, "roster.csv")
with open(roster, "w") as f:
    f.write("\n".join(rows) + "\n")

def run(jobs, n):
    out = os.path.join(work, f"out-{jobs}-{n}")
    store = os.path.join(work, f"store-{jobs}-{n}.sqlite")
    t = time.perf_counter()
    done = subprocess.run([ladder, "classroom", "grade", "--roster", roster, "--lab", "log-stats", "--jobs", str(jobs),
                           "--out", out, "--store", store], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    elapsed = time.perf_counter() - t
    assert done.returncode == 0 and done.stdout.startswith(f"{count} passed"), done.stdout
    return elapsed

one, two = [], []
for n in range(rounds):
    one.append(run(1, n))
    two.append(run(2, n))
shutil.rmtree(work)
m1, m2 = statistics.median(one), statistics.median(two)
print(f"| classroom of {count} repositories, log-stats (10 tests each), median of {rounds} | seconds | repositories/s |")
print("| --- | ---: | ---: |")
print(f"| `ladder classroom grade --jobs 1` | {m1:.1f} | {count / m1:.1f} |")
print(f"| `ladder classroom grade --jobs 2` | {m2:.1f} | {count / m2:.1f} |")
print()
print(f"**Speedup --jobs 2 / --jobs 1: {m1 / m2:.2f}x** (goal: at least 1.7x on 2 cores)")
