#!/usr/bin/env bash
# `make bench`: every benchmark, each measuring Ladder against a baseline in the same run. Not a test: the
# numbers depend on the machine and its load. Built in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
# The release build as `make release` makes it (the Swift runtime and Foundation linked in), and the queue's bench.
: "${RELEASE_BUILD:?run it through make bench, which says how the release build is made}"
for product in ladder ladder-sandbox ladder-regex ladder-queue-bench; do
    $RELEASE_BUILD --product "$product"
done
bin="$($RELEASE_BUILD --show-bin-path)"
echo "## Sandbox start-up"; bench/sandbox/run.sh 200 "$bin"
echo; echo "## ladder start"; python3 bench/start/bench.py "$bin/ladder"
echo; echo "## Grading against check50"; python3 bench/grade/bench.py "$bin/ladder"
echo; echo "## Submit per language"; python3 bench/languages/bench.py "$bin/ladder"
echo; echo "## Tests of one grade side by side"; python3 bench/parallel/bench.py "$bin/ladder"
echo; echo "## Classroom parallelism"; python3 bench/classroom/bench.py "$bin/ladder"
echo; echo "## A whole classroom: time and memory"; python3 bench/classroom/scale.py "$bin/ladder"
echo; echo "## Many machines: serve, workers and the queue"; python3 bench/queue/bench.py "$bin"
echo; echo "## The web view: a 600-student gradebook"; python3 bench/web/bench.py "$bin/ladder"
