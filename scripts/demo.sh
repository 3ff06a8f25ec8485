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
# Ladder uses the learner's git identity; the demo has its own, so it runs the same on any machine. libgit2 reads
# the global config from $HOME/.gitconfig (it does not know GIT_CONFIG_GLOBAL, which git itself reads), so both
# point at the demo's.
export HOME="$work" GIT_CONFIG_GLOBAL="$work/.gitconfig" GIT_CONFIG_SYSTEM=/dev/null
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
    # The demo's store outlives it at a fixed path, so its results can be opened in a browser with ladder serve.
    kept="${TMPDIR:-/tmp}/ladder-demo.sqlite"
    rm -f "$kept" "$kept-wal" "$kept-shm"
    for suffix in "" -wal -shm; do
        if [[ -f "$LADDER_STORE$suffix" ]]; then cp "$LADDER_STORE$suffix" "$kept$suffix"; fi
    done
    printf '
The demo'"'"'s results are kept in %s. See them in a browser (the gradebook, your ladder, each report):
' "$kept"
    printf '  %s serve --store %s     # then open http://127.0.0.1:8080/
' "$ladder" "$kept"
else
    step "git -C $work/$lab log --stat"
    git -C "$work/$lab" log --stat
fi
