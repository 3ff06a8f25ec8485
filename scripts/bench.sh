#!/usr/bin/env bash
# `make bench`: every benchmark, each measuring Ladder against a baseline in the same run. Not a test: the
# numbers depend on the machine and its load. Built in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release
bin="$(swift build -c release --show-bin-path)"
echo "## Sandbox start-up"; bench/sandbox/run.sh
echo; echo "## ladder start"; python3 bench/start/bench.py "$bin/ladder"
echo; echo "## Grading against check50"; python3 bench/grade/bench.py "$bin/ladder"
echo; echo "## Submit per language"; python3 bench/languages/bench.py "$bin/ladder"
echo; echo "## Tests of one grade side by side"; python3 bench/parallel/bench.py "$bin/ladder"
echo; echo "## Classroom parallelism"; python3 bench/classroom/bench.py "$bin/ladder"
echo; echo "## A whole classroom: time and memory"; python3 bench/classroom/scale.py "$bin/ladder"
echo; echo "## Many machines: serve, workers and the queue"; python3 bench/queue/bench.py "$bin"
