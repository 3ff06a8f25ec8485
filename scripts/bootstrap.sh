#!/usr/bin/env bash
# Installs the system packages Ladder builds against, when they are missing.
# Used by `make` before building; safe to run again.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# libc6-dev: the sandbox launcher links statically against glibc. util-linux: unshare, for the test suite.
for pkg in pkg-config libgit2-dev libsqlite3-dev libc6-dev git util-linux; do
    have_pkg "$pkg" || need+=("$pkg")
done
# Lab runtimes: the catalog's labs are in Python and Node.js; the sandbox runs the system's own.
[[ -x /usr/bin/python3 ]] || need+=(python3)
command -v node >/dev/null 2>&1 || need+=(nodejs)

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
