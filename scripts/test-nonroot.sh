#!/usr/bin/env bash
# The learner flow as a real user who is not root, against an installed catalog that root owns and they cannot write.
#
# As root: creates the user (once), runs `make install CONFIG=debug PREFIX=<temp dir>` (the debug build `make test`
# already made, so CI never waits for a second, optimised build; LADDER_INSTALL_CONFIG=release tries the release one), and takes a checksum of every installed file. Then, as that user with a fresh HOME,
# XDG directories and TMPDIR and nothing else from this environment: list, show, start, test, submit a known-wrong
# solution (fails), submit a program stopped by the memory limit (memory-limit, though limits are rlimits here),
# submit the reference (passes), the Node.js reference passes `ladder test`, progress, doctor, `ladder lab new` and
# `ladder lab validate` of the new lab, the completions and the man page. Afterwards the catalog must be
# byte for byte what was installed, no scratch may be left, and `make uninstall` must remove everything.
# Git in the test is the git CLI, isolated from the machine's configuration; the product itself never runs it.
set -uo pipefail
cd "$(dirname "$0")/.."
checkout="$(pwd)"
user="${LADDER_TEST_USER:-ladder-learner}"
lab=log-stats
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; shift; [[ $# -gt 0 ]] && printf '%s\n' "$@" | sed 's/^/      /'; }
finish() {
    echo "nonroot: $passed passed, $failed failed"
    ((failed == 0))
    exit
}

if [[ $(id -u) -ne 0 ]]; then
    fail "runs as root: it creates a user and installs Ladder as root (run it as root or with sudo)"
    finish
fi
if ! id -u "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" || {
        fail "useradd $user"
        finish
    }
fi

work="$(mktemp -d /tmp/ladder-nonroot.XXXXXX)"
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
prefix="$work/prefix"
home="$work/home"
mkdir -p "$prefix" "$home/tmp"
printf '[user]\n\tname = Nonroot Learner\n\temail = nonroot@ladder.invalid\n[init]\n\tdefaultBranch = main\n' > "$home/.gitconfig"
chown -R "$user:" "$home"
chmod 0700 "$home"

started=$SECONDS
config="${LADDER_INSTALL_CONFIG:-debug}"
if make install CONFIG="$config" PREFIX="$prefix" > "$work/install.log" 2>&1; then
    pass "make install CONFIG=$config PREFIX=$prefix ($((SECONDS - started)) s, $config build included)"
else
    fail "make install CONFIG=$config PREFIX=$prefix" "$(tail -n 30 "$work/install.log")"
    finish
fi
share="$prefix/share/ladder"
chown -R root:root "$prefix"
chmod -R go-w "$prefix"
catalog_state() {
    (cd "$share" && find . -printf '%y %m %u:%g %p\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
catalog_state > "$work/catalog.before"

# The learner: their own HOME, XDG directories and TMPDIR, the installed ladder first on the PATH, no LADDER_* variable.
as_learner() {
    local directory="$1"
    shift
    runuser -u "$user" -- env -i -C "$directory" \
        HOME="$home" PATH="$prefix/bin:/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 NO_COLOR=1 \
        XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" \
        XDG_STATE_HOME="$home/.local/state" TMPDIR="$home/tmp" \
        GIT_CONFIG_GLOBAL="$home/.gitconfig" GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1 "$@"
}
# Runs a command as the learner; passes when it exits with `status` and prints every pattern given (grep -E).
expect() {
    local name="$1" status="$2" directory="$3"
    shift 3
    local patterns=()
    while [[ $# -gt 0 && "$1" != -- ]]; do patterns+=("$1"); shift; done
    shift
    local output code
    output="$(as_learner "$directory" "$@" 2>&1)"
    code=$?
    local missing=()
    for pattern in "${patterns[@]}"; do
        grep -Eq -- "$pattern" <<< "$output" || missing+=("$pattern")
    done
    if [[ $code -eq $status && ${#missing[@]} -eq 0 ]]; then
        pass "$name"
    else
        fail "$name: exit $code (expected $status)${missing:+, missing: ${missing[*]}}" "$(tail -n 25 <<< "$output")"
    fi
}
commit() {
    as_learner "$repo" git add -A && as_learner "$repo" git commit -qm "$1"
}

if as_learner "$home" test -w "$share/Labs/$lab" || as_learner "$home" test -w "$share/Labs/$lab/lab.toml"; then
    fail "the installed catalog is not writable by $user"
else
    pass "the installed catalog is owned by root and not writable by $user"
fi

expect "ladder list" 0 "$home" "$lab" "labs?\." -- ladder list
expect "ladder show $lab" 0 "$home" "$lab" "To pass: +You pass when every required test passes" -- ladder show "$lab"
expect "ladder start $lab" 0 "$home" "Started $lab" -- ladder start "$lab"
repo="$home/$lab"
wrong_owner="$(find "$repo" -path "$repo/.git" -prune -o ! -user "$user" -print)"
wrong_mode="$(find "$repo" -path "$repo/.git" -prune -o \( -type f ! -perm 0644 ! -perm 0755 -o -type d ! -perm 0755 \) -print)"
if [[ -d "$repo/.git" && -z "$wrong_owner" && -z "$wrong_mode" ]]; then
    pass "the started repository is $user's own: files 0644 or 0755, directories 0755"
else
    fail "the started repository is $user's own" "not $user's: ${wrong_owner:-none}" "other modes: ${wrong_mode:-none}"
fi
expect "ladder test on the starter fails" 1 "$repo" "FAILED" -- ladder test

wrong="$(find "$share/Graders/$lab/wrong" -mindepth 2 -maxdepth 2 -name python | sort | head -n 1)"
as_learner "$repo" cp -R "$wrong/." .
commit "A known-wrong solution: $(basename "$(dirname "$wrong")")"
expect "ladder submit of a known-wrong solution fails" 1 "$repo" "FAILED" -- ladder submit

printf 'data = bytearray(1 << 30)\nprint(len(data))\n' | as_learner "$repo" tee main.py > /dev/null
commit "Allocates more than the memory limit"
expect "ladder submit of a program over the memory limit: memory-limit, per process" 1 "$repo" \
    "FAILED" "memory-limit|ran out of memory" "per process" -- ladder submit

as_learner "$repo" cp -R "$share/Graders/$lab/reference/python/." .
commit "Solve $lab"
expect "ladder test on the reference passes" 0 "$repo" "PASSED" -- ladder test
expect "ladder submit of the reference passes" 0 "$repo" "PASSED" -- ladder submit
# Node.js reserves a large code range at start: under a memory limit on address space it would not start at all for
# a learner who is not root; the rlimit fallback limits allocated memory instead.
node_repo="$home/$lab-node"
expect "ladder start $lab --lang node" 0 "$home" "Started $lab" -- ladder start "$lab" --lang node --dir "$node_repo"
as_learner "$node_repo" cp -R "$share/Graders/$lab/reference/node/." .
repo="$node_repo" commit "Solve $lab in Node.js"
expect "ladder test of the Node.js reference passes under per-process limits" 0 "$node_repo" "PASSED" -- ladder test
expect "ladder progress shows the lab passed" 0 "$repo" "$lab" -- ladder progress
expect "ladder doctor names the installed files and per-process limits" 0 "$home" \
    "launcher +$prefix/bin/ladder-sandbox +\(beside the executable\)" \
    "profiles +$share/Sandbox/profiles +\(the installation's share directory\)" \
    "catalog +$share +\(the installation's share directory; read-only for you" \
    "store +$home/.local/share/ladder/ladder.sqlite +\(\\\$XDG_DATA_HOME\)" \
    "scratch +$home/tmp +\(\\\$TMPDIR\)" "per process" -- ladder doctor

# An author who is not root: `ladder lab new` writes from the templates installed beside `ladder`, and the new lab
# validates against the installed sandbox.
if [[ -f "$prefix/bin/ladder_LadderCore.resources/Scaffold/lab.toml" ]]; then
    pass "the templates of ladder lab new are installed beside ladder"
else
    fail "the templates of ladder lab new are installed beside ladder" "$(ls -l "$prefix/bin" 2>&1)"
fi
expect "ladder lab new scaffolds a lab from the installed templates" 0 "$home" "Created new-lab" -- \
    ladder lab new new-lab --area databases --level junior --kind io --dir "$home/authoring"
expect "the scaffolded lab validates" 0 "$home" "VALID +new-lab" -- \
    ladder lab validate "$home/authoring/Labs/new-lab" --runs 1 --jobs 1

expect "bash completion loads" 0 "$home" "complete .* ladder" -- \
    bash -c "source '$prefix/share/bash-completion/completions/ladder' && complete -p ladder"
if head -n 1 "$prefix/share/zsh/site-functions/_ladder" | grep -q '^#compdef ladder$' \
    && grep -q '^_ladder()' "$prefix/share/zsh/site-functions/_ladder" \
    && grep -q "^complete -c 'ladder' .*-l 'lang'" "$prefix/share/fish/vendor_completions.d/ladder.fish"; then
    pass "zsh and fish completions are installed"
else
    fail "zsh and fish completions are installed" "$(ls -l "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d" 2>&1)"
fi
expect "man ladder renders the page" 0 "$home" "ladder" "start" "submit" -- \
    env MANPATH="$prefix/share/man" MANPAGER=cat MANWIDTH=100 man ladder

catalog_state > "$work/catalog.after"
if cmp -s "$work/catalog.before" "$work/catalog.after"; then
    pass "the catalog is unchanged ($(grep -c '^[0-9a-f]\{64\} ' "$work/catalog.after") files, same checksums, owners and modes)"
else
    fail "the catalog is unchanged" "$(diff "$work/catalog.before" "$work/catalog.after" | head -n 20)"
fi
leftover="$(find "$home/tmp" -mindepth 1 -maxdepth 1)"
if [[ -z "$leftover" ]]; then
    pass "no scratch left in \$TMPDIR"
else
    fail "no scratch left in \$TMPDIR" "$leftover"
fi

if make -s uninstall PREFIX="$prefix" > "$work/uninstall.log" 2>&1 && [[ -z "$(find "$prefix" -mindepth 1)" ]]; then
    pass "make uninstall removes everything make install put there"
else
    fail "make uninstall removes everything make install put there" "$(cat "$work/uninstall.log")" "$(find "$prefix" -mindepth 1 | head -n 20)"
fi
finish
