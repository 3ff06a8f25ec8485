#!/usr/bin/env bash
# The README's test command: builds everything and runs every test suite.
# The sandbox's suite (hostile programs among it) runs inside an outer PID namespace of its own when root, so a
# sandbox bug cannot touch the machine running the tests; the other suites run after it.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase's wall time, printed at the end (pass or fail) so a CI maintainer sees where the minutes went.
phase_times=()
report_times() {
    local line
    echo "make test: time by phase" >&2
    for line in "${phase_times[@]}"; do echo "  $line" >&2; done
}
trap report_times EXIT
# phase NAME COMMAND...: runs COMMAND and keeps its wall time.
phase() {
    local name="$1" start=$SECONDS status=0
    shift
    "$@" || status=$?
    phase_times+=("$(printf '%5ds  %s' $((SECONDS - start)) "$name")$([[ $status -eq 0 ]] || echo "  (failed: $status)")")
    return "$status"
}
# The code follows .swift-format (120 columns, 4-space indent); `swift format --in-place --recursive Sources Tests`
# fixes what this finds. First, since it takes seconds and a build takes minutes.
phase format swift format lint --strict --recursive --parallel Sources Tests
phase build swift build --build-tests
phase hostile Sandbox/run-hostile-tests.sh
# One test at a time: many suites start sandboxes and services, and on a 2-core machine running them all at once
# starves the ones with readiness deadlines. Serially the suite takes about two minutes.
phase unit swift test --skip-build --no-parallel --skip LadderSandboxTests
# Each parser of learner-controlled bytes under libFuzzer and AddressSanitizer, briefly (`make fuzz` runs longer).
FUZZ_SECONDS=5 phase fuzz scripts/fuzz.sh
# Every lab of the catalog, as CI checks it each day, in samples picked by the day (the seed is printed, so a failure
# can be replayed with --sample-seed). Each lab's reference gets full marks in its first language, graded twice, the two
# runs agreeing (a flaky test is the test's and shows in any language), and every language of the catalog is graded in
# one lab (each day another), so a change to Ladder or a toolchain that breaks a language fails the same day; one
# language's starter fails; two known-wrong solutions (each in all its languages) and two of the recorded strength's
# killed mutants are caught. The record must be current (the lab unchanged since its author measured it, grading every
# solution in every language) and at least 90%. Six boxes at once, each lab in at most three: many tests wait on
# timers, and with four the cores stood idle. Grading every reference in every language here took 6 minutes on two
# cores, every solution 20; this takes under 3 (BENCHMARKS.md).
phase catalog .build/debug/ladder lab validate --all --runs 2 --determinism first --wrong-runs 1 --wrong-sample 2 \
    --starter-sample 1 --reference-sample 1 --strength-sample 2 --jobs 6
# The web view in headless chromium: a classroom graded into SQLite, served by `ladder serve --store`, read as an
# instructor and a learner would; screenshots of every page are kept in .build/browser-screenshots for a reviewer.
phase browser python3 Tests/Browser/web.py --ladder .build/debug/ladder --out .build/browser-screenshots
# A learner who passes, rung by rung, the labs `ladder catalog check` names as a way up reaches every rung up to Architect.
phase climb scripts/climb.sh
# As a learner who is not root, against `make install`'s root-owned catalog: list, show, start, test, submit, progress,
# doctor, completions, man page; the catalog unchanged. Installs the debug build made above (CONFIG=debug), so CI builds once.
phase nonroot scripts/test-nonroot.sh
