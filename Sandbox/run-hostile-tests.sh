#!/usr/bin/env bash
# Runs the sandbox's tests (the hostile-program suite among them) inside an outer PID namespace of their own,
# with its own /proc. Should the sandbox ever let a program out of its box, the program is still inside this
# namespace: it can neither see nor signal the machine's processes, and it dies when the namespace does.
# Afterwards this script checks that no process ran on as the box's uid and that no cgroup of a run is left.
#
# Usage: Sandbox/run-hostile-tests.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests

leftovers() {
    local found=0
    for dir in /sys/fs/cgroup/*/ladder; do
        [ -d "$dir" ] || continue
        for run in "$dir"/*/; do
            [ -d "$run" ] || continue
            # A run is named <launcher pid>-<random>: one whose launcher still lives belongs to a run in progress
            # elsewhere on the machine, not to this suite.
            pid=$(basename "$run"); pid=${pid%%-*}
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then continue; fi
            echo "run-hostile: cgroup left behind: $run" >&2
            found=1
        done
    done
    return $found
}

if [ "$(id -u)" != 0 ]; then
    echo "run-hostile: not root: running without the outer PID namespace (it needs root here)" >&2
    swift test --skip-build --filter LadderSandboxTests "$@"
    exit $?
fi

# --kill-child: if this script dies, the whole namespace dies with it.
unshare --pid --fork --mount-proc --kill-child -- bash -c '
    swift test --skip-build --filter LadderSandboxTests "$@"
    status=$?
    survivors=$(ps -eo uid=,pid=,args= | awk "\$1 == 65534")
    if [ -n "$survivors" ]; then
        echo "run-hostile: processes of the box uid outlived their runs:" >&2
        echo "$survivors" >&2
        exit 1
    fi
    exit $status
' run-hostile "$@"
leftovers
