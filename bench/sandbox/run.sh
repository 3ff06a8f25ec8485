#!/usr/bin/env bash
# Start-up cost of a box: /bin/true run N times (default 200) bare, under unshare, under bubblewrap, and under
# ladder-sandbox with full isolation and cgroup limits. Prints each median and the ratio launcher/bubblewrap as a
# Markdown table; given the directory of a release build, also the whole `ladder sandbox run -- /bin/true` command
# (process start, profile, launcher, result) against bubblewrap's whole command. Needs root (cgroups, unshare). Not a
# test: numbers depend on the machine and its load.
#
# Usage: bench/sandbox/run.sh [RUNS] [BIN_DIRECTORY]  (scripts/bench.sh passes the release build it made)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-200}
bin=${2:-}

if ! command -v bwrap >/dev/null; then
    apt-get install -y bubblewrap >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y bubblewrap >/dev/null; }
fi
if [ -z "$bin" ]; then
    swift build -c release --product ladder-sandbox >/dev/null
    bin="$(swift build -c release --show-bin-path)"
fi
launcher="$bin/ladder-sandbox"
ladder="$bin/ladder"

# The launcher gets what a default-profile run gets: the system read-only, a private /tmp, every limit set.
launcher_cmd=("$launcher" --status-fd 3
    --ro-bind-try /usr --ro-bind-try /bin --ro-bind-try /sbin --ro-bind-try /lib --ro-bind-try /lib64
    --ro-bind-try /etc/alternatives --ro-bind-try /etc/ld.so.cache --ro-bind-try /etc/localtime
    --setenv PATH=/usr/bin:/bin --setenv HOME=/tmp --setenv LANG=C.UTF-8
    --wall-ms 10000 --cpu-ms 5000 --memory 256M --pids 64 --output 1M --fsize 16M --nofile 256 --stack 8M
    --tmpfs-size 64M -- /bin/true)

python3 - "$runs" "$ladder" "${launcher_cmd[@]}" <<'PY'
import os, statistics, sys, time

runs = int(sys.argv[1])
ladder = sys.argv[2]
launcher = sys.argv[3:]
devnull = os.open("/dev/null", os.O_WRONLY)
cases = [
    ("bare", ["/bin/true"]),
    ("unshare -n -p -f -m --mount-proc", ["/usr/bin/unshare", "-n", "-p", "-f", "-m", "--mount-proc", "/bin/true"]),
    ("bwrap --unshare-all --ro-bind / / --dev /dev --proc /proc",
     ["/usr/bin/bwrap", "--unshare-all", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "/bin/true"]),
    ("ladder-sandbox (all namespaces, cgroup limits)", launcher),
]
if os.access(ladder, os.X_OK):
    cases.append(("ladder sandbox run -- /bin/true (the whole command)", [ladder, "sandbox", "run", "--", "/bin/true"]))

def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, {}, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 3)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if status != 0:
        sys.exit(f"{argv[0]} failed with wait status {status}")
    return elapsed / 1e6

# Round-robin, so that load from anything else on the machine falls on every case alike.
for name, argv in cases:
    for _ in range(10):
        once(argv)
samples = {name: [] for name, _ in cases}
for _ in range(runs):
    for name, argv in cases:
        samples[name].append(once(argv))
medians = {}
print(f"| command ({runs} runs of /bin/true, interleaved) | median ms | p90 ms |")
print("| --- | ---: | ---: |")
for name, _ in cases:
    ordered = sorted(samples[name])
    medians[name] = statistics.median(ordered)
    print(f"| {name} | {medians[name]:.2f} | {ordered[int(len(ordered) * 0.9)]:.2f} |")
ratio = medians[cases[3][0]] / medians[cases[2][0]]
print(f"\nratio ladder-sandbox / bubblewrap: {ratio:.2f}")
if len(cases) > 4:
    whole = medians[cases[4][0]] / medians[cases[2][0]]
    print(f"ratio ladder sandbox run / bubblewrap: {whole:.2f} (goal: at most 2)")

# Runs far apart pay costs that back-to-back runs share (a cgroup v1 migration by another process waits for an
# RCU grace period unless one just happened), so the launcher is also timed the way a grader uses it.
spaced = {name: [] for name, _ in cases[2:4]}
for _ in range(30):
    for name, argv in cases[2:4]:
        time.sleep(0.1)
        spaced[name].append(once(argv))
print("\n| runs 100 ms apart (30 each) | median ms |")
print("| --- | ---: |")
for name, values in spaced.items():
    print(f"| {name} | {statistics.median(values):.2f} |")
PY
