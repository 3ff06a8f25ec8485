#!/usr/bin/env bash
# Runs the sandbox's tests (the hostile-program suite among them) inside an outer PID namespace of their own,
# with its own /proc. Should the sandbox ever let a program out of its box, the program is still inside this
# namespace: it can neither see nor signal the machine's processes, and it dies when the namespace does.
#
# While the suite runs, a loop of sandbox runs goes on outside the namespace and another inside it: launchers that
# cannot see each other's pids share the cgroup tree, and neither loop may see a single setup failure.
# Afterwards this script checks that no process ran on as the box's uid and that no cgroup of a run is left.
#
# Usage: Sandbox/run-hostile-tests.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests

launcher=.build/debug/ladder-sandbox
work=$(mktemp -d /tmp/ladder-hostile-XXXXXX)
trap 'rm -rf "$work"' EXIT

# One run of /bin/true after another until $1/stop exists; then "<runs> <setup failures>" into $1/counts and the
# failures' messages into $1/errors. /bin/true cannot fail: any other status than 0 is a box not set up.
cat > "$work/loop.sh" <<'EOF'
dir=$1 launcher=$2
runs=0 failures=0
while [ ! -e "$dir/stop" ]; do
    status=0
    "$launcher" --ro-bind /usr --ro-bind-try /bin --ro-bind-try /lib --ro-bind-try /lib64 -- /usr/bin/true \
        >/dev/null 2>>"$dir/errors" || status=$?
    runs=$((runs + 1))
    [ "$status" = 0 ] || failures=$((failures + 1))
    sleep 0.02
done
echo "$runs $failures" > "$dir/counts"
EOF

# report DIR WHERE: prints a loop's counts; returns 1 if it saw a setup failure or never ran.
report() {
    local runs failures
    if [ ! -f "$1/counts" ]; then
        echo "run-hostile: the loop of sandbox runs $2 never finished" >&2
        return 1
    fi
    read -r runs failures < "$1/counts"
    echo "run-hostile: sandbox runs $2: $runs, setup failures: $failures" >&2
    if [ "$failures" != 0 ] || [ "$runs" = 0 ]; then
        sort "$1/errors" | uniq -c | head -20 >&2
        return 1
    fi
}

# Run directories are named run-<pid>-<random> and locked (flock) by their launcher until it has removed them;
# one that nobody holds, still there a second later, was left behind. Directories of older launchers (named
# <pid>-<random>) belong to other checkouts on this machine, not to this suite.
leftovers() {
    local candidates=() run
    for run in /sys/fs/cgroup/*/ladder/run-*/; do
        [ -d "$run" ] || continue
        flock --nonblock "$run" true 2>/dev/null && candidates+=("$run")
    done
    [ ${#candidates[@]} = 0 ] && return 0
    sleep 1
    local found=0
    for run in "${candidates[@]}"; do
        if [ -d "$run" ] && flock --nonblock "$run" true 2>/dev/null; then
            echo "run-hostile: cgroup left behind: $run" >&2
            found=1
        fi
    done
    return $found
}

if [ "$(id -u)" != 0 ]; then
    echo "run-hostile: not root: running without the outer PID namespace (it needs root here)" >&2
    swift test --skip-build --no-parallel --filter LadderSandboxTests "$@"
    exit $?
fi

mkdir "$work/outside"
bash "$work/loop.sh" "$work/outside" "$PWD/$launcher" &
outside=$!
status=0
# --kill-child: if this script dies, the whole namespace dies with it.
unshare --pid --fork --mount-proc --kill-child -- bash -c '
    work=$1 launcher=$2; shift 2
    mkdir "$work/inside"
    bash "$work/loop.sh" "$work/inside" "$launcher" &
    loop=$!
    swift test --skip-build --no-parallel --filter LadderSandboxTests "$@"
    status=$?
    touch "$work/inside/stop"
    wait $loop
    survivors=$(ps -eo uid=,pid=,args= | awk "\$1 == 65534")
    if [ -n "$survivors" ]; then
        echo "run-hostile: processes of the box uid outlived their runs:" >&2
        echo "$survivors" >&2
        exit 1
    fi
    exit $status
' run-hostile "$work" "$PWD/$launcher" "$@" || status=$?

touch "$work/outside/stop"
wait "$outside" || true
report "$work/inside" "inside the suite's PID namespace" || status=1
report "$work/outside" "outside it, at the same time" || status=1
leftovers || status=1
exit $status
