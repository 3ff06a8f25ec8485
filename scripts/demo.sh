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
# Ladder uses the learner's git identity; the demo has its own, so it runs the same on any machine.
export GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_SYSTEM=/dev/null
printf '[user]\n\tname = Demo Learner\n\temail = demo@ladder.invalid\n[init]\n\tdefaultBranch = main\n' > "$GIT_CONFIG_GLOBAL"

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
    git commit -qam "Solve $lab"
    step ladder submit
    "$ladder" submit
    step ladder progress
    "$ladder" progress
else
    step "git -C $work/$lab log --stat"
    git -C "$work/$lab" log --stat
fi
