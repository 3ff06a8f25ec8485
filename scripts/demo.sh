#!/usr/bin/env bash
# The README's main job: the catalog, then the whole learner flow for one lab in a temp dir, on the
# embedded default store (SQLite). The store is a temp file too, so the demo leaves your own progress alone.
set -euo pipefail
ladder="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
lab="${LADDER_DEMO_LAB:-log-stats}"
work="$(mktemp -d -t ladder-demo.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export LADDER_STORE="$work/ladder.sqlite"
# A learner's own git identity would be used; the demo gives one so it runs on a machine without any.
export GIT_AUTHOR_NAME="Demo Learner" GIT_AUTHOR_EMAIL="demo@ladder.invalid"
export GIT_COMMITTER_NAME="Demo Learner" GIT_COMMITTER_EMAIL="demo@ladder.invalid"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step ladder list
"$ladder" list
step ladder show "$lab"
"$ladder" show "$lab"
step ladder start "$lab" --dir "$work/$lab"
"$ladder" start "$lab" --dir "$work/$lab"
cd "$work/$lab"

if "$ladder" help submit >/dev/null 2>&1; then
    step "ladder submit   # the untouched starter: fails, with feedback"
    "$ladder" submit || true
    step "cp <the lab's reference solution> . && git commit -am 'Solve $lab'"
    cp -R "$root/Graders/$lab/reference/python/." .
    git -c user.name="Demo Learner" -c user.email=demo@ladder.invalid commit -qam "Solve $lab"
    step ladder submit
    "$ladder" submit
    step ladder progress
    "$ladder" progress
else
    step "git -C $work/$lab log --stat"
    git -C "$work/$lab" log --stat
fi
