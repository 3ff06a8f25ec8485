#!/usr/bin/env python3
"""A whole classroom of the small `io` lab hello-io (4 hidden tests, bench/common/hello_lab.py), graded by
`ladder classroom grade --jobs 2`: 200 repositories timed, then 1,000, each run's peak resident memory of the
`ladder` process itself read from wait4 (its boxes and the programs they run are other processes). Prints a
Markdown table with the goals: 200 repositories in under 30 s, and the 1,000-repository peak at most 1.5x the
200-repository peak (memory flat as the roster grows).

Usage: bench/classroom/scale.py LADDER_BINARY [SMALL] [LARGE]
"""
import os, shutil, subprocess, sys, tempfile, time

ladder = os.path.abspath(sys.argv[1])
small = int(sys.argv[2]) if len(sys.argv) > 2 else 200
large = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(repo, "bench", "common"))
import hello_lab

work = tempfile.mkdtemp(prefix="ladder-bench-scale-")
catalog = hello_lab.make_catalog(work, repo)
env = hello_lab.environment(work, LADDER_CATALOG=catalog)

# One solved repository, cloned (hard links) for every student: making 1,000 with `ladder start` would time the
# set-up, not the grading.
first = os.path.join(work, "repos", "s0000")
hello_lab.solved_repository(ladder, catalog, first, env)
for i in range(1, large):
    subprocess.run(["git", "clone", "-q", first, os.path.join(work, "repos", f"s{i:04}")], env=env, check=True)


def run(count):
    roster = os.path.join(work, f"roster-{count}.csv")
    with open(roster, "w") as f:
        f.write("student,repository\n")
        for i in range(count):
            f.write(f"s{i:04},{os.path.join(work, 'repos', f's{i:04}')}\n")
    out, store = os.path.join(work, f"out-{count}"), os.path.join(work, f"store-{count}.sqlite")
    started = time.perf_counter()
    process = subprocess.Popen([ladder, "classroom", "grade", "--roster", roster, "--lab", "hello-io", "--jobs", "2",
                                "--out", out, "--store", store, "--catalog", catalog], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0 and stdout.startswith(f"{count} passed"), stdout[:400]
    return elapsed, usage.ru_maxrss / 1024  # KiB -> MiB


small_seconds, small_peak = run(small)
large_seconds, large_peak = run(large)
shutil.rmtree(work)
print(f"| `ladder classroom grade --jobs 2`, hello-io (4 tests) | seconds | repositories/s | peak RSS of ladder, MiB |")
print("| --- | ---: | ---: | ---: |")
print(f"| {small} repositories | {small_seconds:.1f} | {small / small_seconds:.1f} | {small_peak:.1f} |")
print(f"| {large} repositories | {large_seconds:.1f} | {large / large_seconds:.1f} | {large_peak:.1f} |")
print()
print(f"**{small} repositories in {small_seconds:.1f} s** (goal: under 30 s); "
      f"**peak memory {large} / {small}: {large_peak / small_peak:.2f}x** (goal: at most 1.5x)")
