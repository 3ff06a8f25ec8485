#!/usr/bin/env python3
"""The tests of one grade side by side: `ladder submit` of the catalog's rest-notes lab (an http lab whose every test
starts the learner's service) with its Python reference, `--jobs 1` (one box at a time, the baseline) against the
default `--jobs` (one box per core), interleaved in one run. Prints a Markdown table and the ratio.

Usage: bench/parallel/bench.py LADDER_BINARY [RUNS]
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ladder = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
lab = "rest-notes"
cores = os.cpu_count() or 1

work = tempfile.mkdtemp(prefix="ladder-bench-parallel-")
env = dict(os.environ, GIT_CONFIG_GLOBAL=os.path.join(work, "gitconfig"), GIT_CONFIG_SYSTEM="/dev/null", HOME=work,
           LADDER_STORE=os.path.join(work, "store.sqlite"), NO_COLOR="1")
with open(env["GIT_CONFIG_GLOBAL"], "w") as f:
    f.write("[user]\n\tname = Bench\n\temail = bench@ladder.invalid\n")
learner = os.path.join(work, "learner")
subprocess.run([ladder, "start", lab, "--lang", "python", "--dir", learner, "--catalog", repo], env=env, check=True,
               stdout=subprocess.DEVNULL)
reference = os.path.join(repo, "Graders", lab, "reference", "python")
shutil.copytree(reference, learner, dirs_exist_ok=True)
subprocess.run(["git", "add", "-A"], cwd=learner, env=env, check=True)
subprocess.run(["git", "commit", "-qm", "solve"], cwd=learner, env=env, check=True)

def submit(jobs):
    t = time.perf_counter()
    done = subprocess.run([ladder, "submit", "--json", "--jobs", str(jobs), "--catalog", repo], cwd=learner, env=env,
                          stdout=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["status"] == "passed", done.stdout[-2000:]
    return elapsed, sum(len(stage["tests"]) for stage in report["stages"])

submit(1)  # warm the page cache and the store
serial, parallel = [], []
for _ in range(runs):
    elapsed, tests = submit(1)
    serial.append(elapsed)
    parallel.append(submit(cores)[0])

s, p = statistics.median(serial), statistics.median(parallel)
print(f"{lab}: {tests} http tests, each starting the service; {runs} runs each, interleaved; {cores} cores\n")
print("| command | median | min | max |")
print("|---|---|---|---|")
print(f"| `ladder submit --jobs 1` (baseline) | {s * 1000:.0f} ms | {min(serial) * 1000:.0f} ms | {max(serial) * 1000:.0f} ms |")
print(f"| `ladder submit` (`--jobs {cores}`) | {p * 1000:.0f} ms | {min(parallel) * 1000:.0f} ms | {max(parallel) * 1000:.0f} ms |")
print(f"\n**Ratio parallel / serial: {p / s:.2f}** (goal: at most 0.6 on 2 cores).")
shutil.rmtree(work, ignore_errors=True)
