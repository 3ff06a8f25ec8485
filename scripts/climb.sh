#!/usr/bin/env bash
# Climbs the whole career ladder with the catalog's reference solutions, as a learner would: for each rung, the labs
# that `ladder catalog check` names as a way up are started, solved with their reference, committed and submitted,
# and `ladder progress` must then say the rung is reached.
# Everything happens in a temporary HOME with its own results store; git in this script is the git CLI, isolated
# from the machine's configuration (the product itself never runs it).
#
# Usage: scripts/climb.sh [path/to/ladder]   (default: .build/debug/ladder)
set -uo pipefail
cd "$(dirname "$0")/.."
ladder="$(realpath "${1:-.build/debug/ladder}")"
catalog="$(pwd)"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; shift; [[ $# -gt 0 ]] && printf '%s\n' "$@" | sed 's/^/      /'; }

work="$(mktemp -d /tmp/ladder-climb.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" LADDER_STORE="$work/store.sqlite" NO_COLOR=1
export GIT_CONFIG_NOSYSTEM=1
unset GIT_CONFIG_GLOBAL LADDER_LEARNER
mkdir -p "$HOME"
# Both git and ladder (libgit2) find the learner's identity here.
printf '[user]\n\tname = Climbing Learner\n\temail = climber@ladder.invalid\n[init]\n\tdefaultBranch = main\n' > "$HOME/.gitconfig"

routes="$("$ladder" catalog check --json --catalog "$catalog")" || { fail "ladder catalog check" "$routes"; exit 1; }
# rung<TAB>title<TAB>lab lab lab, lowest rung first
plan="$(python3 -c '
import json, sys
d = json.load(sys.stdin)
for r in d["routes"]:
    if not r["reachable"]:
        sys.exit("rung %s cannot be reached with the catalog" % r["rung"])
    print(r["rung"] + "\t" + " ".join(r["labs"]))
' <<< "$routes")" || { fail "every rung has a way up" "$plan"; exit 1; }

# rung -> whether `ladder progress` says it is reached
reached() {
    "$ladder" progress --json --catalog "$catalog" | python3 -c '
import json, sys
rungs = {r["rung"]: r["reached"] for r in json.load(sys.stdin)["ladder"]["rungs"]}
print("yes" if rungs[sys.argv[1]] else "no")' "$1"
}

# Starts a lab, commits its reference solution in the lab's first language and submits it.
solve() {
    local lab="$1" repo="$work/labs/$1"
    "$ladder" start "$lab" --dir "$repo" --catalog "$catalog" > "$work/start.log" 2>&1 || {
        fail "ladder start $lab" "$(tail -n 20 "$work/start.log")"
        return 1
    }
    local lang
    lang="$(sed -n 's/^language *= *"\(.*\)"/\1/p' "$repo/.ladder/lab.toml" 2>/dev/null | head -n 1)"
    local reference="$catalog/Graders/$lab/reference/$lang"
    [[ -n "$lang" && -d "$reference" ]] || reference="$(find "$catalog/Graders/$lab/reference" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)"
    cp -R "$reference/." "$repo/"
    git -C "$repo" add -A && git -C "$repo" commit -qm "Solve $lab with the reference solution"
    if "$ladder" submit --path "$repo" --catalog "$catalog" > "$work/submit.log" 2>&1; then
        pass "$lab passes"
    else
        fail "$lab passes" "$(tail -n 30 "$work/submit.log")"
        return 1
    fi
}

declare -A solved=()
first_rung="$(head -n 1 <<< "$plan" | cut -f 1)"
if [[ "$(reached "$first_rung")" == no ]]; then
    pass "a new learner has reached no rung"
else
    fail "a new learner has reached no rung"
fi
while IFS=$'\t' read -r rung labs; do
    missing=()
    for lab in $labs; do [[ -n "${solved[$lab]:-}" ]] || missing+=("$lab"); done
    for lab in "${missing[@]}"; do
        solve "$lab" && solved[$lab]=1
    done
    if [[ "$(reached "$rung")" == yes ]]; then
        pass "ladder progress: $rung reached (${#solved[@]} labs passed)"
    else
        fail "ladder progress: $rung reached" "$("$ladder" progress --catalog "$catalog")"
    fi
done <<< "$plan"

"$ladder" progress --catalog "$catalog" | sed 's/^/      /'
echo "climb: $passed passed, $failed failed"
((failed == 0))
