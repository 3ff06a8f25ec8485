#!/usr/bin/env bash
# Gathers, in one directory, the static archives of the C libraries the release `ladder` links, so that it loads no
# shared library but the C and C++ runtimes: each shared library costs every command its loading and relocation
# (libgit2 and what it needs about 3 ms, libxml2 with ICU about 1 ms, the C++ runtime about 1 ms; issue 15). Package.swift links every archive
# found here when LADDER_STATIC_LIBS names the directory, and puts the directory first on the search path, so that
# libgit2, SQLite and libxml2, which their module maps link by name, are found as archives too.
#
# Usage: scripts/static-libs.sh DIRECTORY
set -euo pipefail
dir="$1"
arch_dir="/usr/lib/$(gcc -print-multiarch)"
# library name -> the Debian package that has its static archive
declare -A packages=(
    [git2]=libgit2-dev [mbedtls]=libmbedtls-dev [mbedx509]=libmbedtls-dev [mbedcrypto]=libmbedtls-dev
    [http_parser]=libhttp-parser-dev [ssh2]=libssh2-1-dev [crypto]=libssl-dev [pcre2-8]=libpcre2-dev
    [z]=zlib1g-dev [sqlite3]=libsqlite3-dev [xml2]=libxml2-dev [icuuc]=libicu-dev [icudata]=libicu-dev
    [lzma]=liblzma-dev [stdc++]=libstdc++-12-dev
)
# Where each archive is: the system's library directory, but GCC's own for its C++ runtime (linked static like the rest,
# as GCC's runtime library exception allows; the Swift runtime and ICU are C++).
archive() {
    if [[ "$1" == "stdc++" ]]; then gcc -print-file-name=libstdc++.a; else echo "$arch_dir/lib$1.a"; fi
}
missing=()
for name in "${!packages[@]}"; do
    [[ -f "$(archive "$name")" ]] || missing+=("lib$name.a (package ${packages[$name]})")
done
if ((${#missing[@]} > 0)); then
    printf 'static-libs: missing static archives; install their packages (scripts/bootstrap.sh does):\n' >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi
rm -rf "$dir"
mkdir -p "$dir"
for name in "${!packages[@]}"; do
    ln -s "$(archive "$name")" "$dir/lib$name.a"
done
