#!/usr/bin/env bash
# Installs the system packages Ladder builds against, when they are missing; with --tests, also what only the tests
# need. Used by `make` before building (`make test` passes --tests); safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# libc6-dev: the sandbox launcher links statically against glibc. util-linux: unshare, for the test suite, and
# setpriv, which runs the tests' PostgreSQL as nobody.
# libxml2-dev, liblzma-dev: with libgit2-dev's and libsqlite3-dev's, the static archives the release build links
# (scripts/static-libs.sh).
for pkg in pkg-config libgit2-dev libsqlite3-dev libxml2-dev liblzma-dev libc6-dev git util-linux; do
    have_pkg "$pkg" || need+=("$pkg")
done
# postgresql: initdb and pg_ctl, with which the tests of the store many machines share start a throwaway cluster.
# chromium, chromium-driver: the headless browser and its chromedriver, through which Tests/Browser drives the web view.
if [[ "${1:-}" == "--tests" ]]; then
    have_pkg postgresql || need+=(postgresql)
    have_pkg chromium || need+=(chromium)
    have_pkg chromium-driver || need+=(chromium-driver)
fi
# Lab runtimes: the Debian packages that each sandbox profile's "runtime" names, for every profile a language of the
# catalog's labs runs under (a language's profile is its id unless lab.toml says otherwise; java runs under jvm).
# Python reads the manifests, so it comes first.
[[ -x /usr/bin/python3 ]] || need+=(python3)
if [[ -x /usr/bin/python3 ]]; then
    while read -r pkg; do
        [[ -n "$pkg" ]] && ! have_pkg "$pkg" && need+=("$pkg")
    done < <(/usr/bin/python3 - <<'PY'
import glob, json, os, re
# The same defaults as LabLanguage.knownProfiles (Sources/LadderModel/Lab.swift). The manifests are read line by line
# (tomllib needs Python 3.11): a [[languages]] table's `id` and `profile`; `ladder lab validate` checks the rest.
aliases = {"java": "jvm", "kotlin": "jvm", "cpp": "c"}
profiles = set()
for manifest in glob.glob("Labs/*/lab.toml"):
    languages, table = [], None
    for line in open(manifest, encoding="utf-8", errors="replace"):
        line = line.strip()
        if line.startswith("["):
            table = line
            if line == "[[languages]]":
                languages.append({})
            continue
        m = re.match(r'(id|profile)\s*=\s*"([a-z0-9-]+)"', line)
        if m and table == "[[languages]]":
            languages[-1][m.group(1)] = m.group(2)
    for language in languages:
        profiles.add(language.get("profile") or aliases.get(language.get("id"), language.get("id")))
for name in sorted(p for p in profiles if p):
    path = os.path.join("Sandbox/profiles", name + ".json")
    if os.path.exists(path):
        with open(path) as f:
            print("\n".join(json.load(f).get("runtime", {}).get("packages", [])))
PY
)
fi

if ((${#need[@]} == 0)); then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ladder: missing system packages: ${need[*]}; install them with your package manager." >&2
    exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "ladder: missing system packages: ${need[*]}; run as root or install sudo." >&2
        exit 1
    fi
fi
echo "ladder: installing ${need[*]} ..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
