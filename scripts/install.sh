#!/usr/bin/env bash
# `make install` and `make uninstall`.
#
#   scripts/install.sh install   DESTDIR PREFIX BIN-DIR MAN-PAGE
#   scripts/install.sh uninstall DESTDIR PREFIX
#
# Installs `ladder`, `ladder-sandbox` and `ladder-regex` in PREFIX/bin, with the resource bundles of `ladder lab new`'s
# templates and the web pages' templates beside `ladder` (where SwiftPM's `Bundle.module` looks for them: the
# executable's directory); the built-in catalog (Labs/, Graders/) and the sandbox
# profiles (Sandbox/profiles/) in PREFIX/share/ladder, laid out as in this checkout, which is where the installed
# `ladder` looks for them (../share/ladder from its own directory); the shell completions and the man page where
# bash-completion, zsh, fish and man look. Files are 0644 (0755 when executable), directories 0755, whoever runs it.
# Every file and every directory it creates is listed, in order, in PREFIX/share/ladder/installed-files;
# uninstall removes exactly those (a directory only when it is empty), so installing again first removes what the
# last install put there.
set -euo pipefail

die() { echo "ladder: $*" >&2; exit 1; }

action="${1:-}"
destdir="${2:-}"
prefix="${3:-}"
[[ "$action" == install || "$action" == uninstall ]] || die "usage: $0 install|uninstall DESTDIR PREFIX [BIN-DIR MAN-PAGE]"
[[ "$prefix" == /* ]] || die "PREFIX must be an absolute path (got '$prefix')"
prefix="${prefix%/}"
target="$destdir$prefix"
manifest_name="share/ladder/installed-files"
manifest="$target/$manifest_name"

uninstall() {
    if [[ ! -f "$manifest" ]]; then
        echo "ladder: nothing to uninstall in $target (no $manifest_name)"
        return 0
    fi
    local kind path kept=()
    while read -r kind path; do
        if [[ "$kind" == f && "$path" != "$manifest_name" ]]; then
            rm -f -- "$target/$path"
        fi
    done < "$manifest"
    local directories
    directories="$(awk '$1 == "d" { print $2 }' "$manifest" | tac)"
    rm -f -- "$manifest"
    while read -r path; do
        [[ -n "$path" && -d "$target/$path" ]] || continue
        rmdir -- "$target/$path" 2>/dev/null || kept+=("$target/$path")
    done <<< "$directories"
    if ((${#kept[@]})); then
        echo "ladder: left ${kept[*]}: they hold files that were not installed by Ladder" >&2
    fi
    echo "ladder: uninstalled from $target"
}

# Creates each missing directory of a path under the prefix, recording it.
make_directory() {
    local path="" part
    local IFS=/
    for part in $1; do
        path="${path:+$path/}$part"
        if [[ ! -d "$target/$path" ]]; then
            mkdir -m 0755 -- "$target/$path"
            echo "d $path" >> "$manifest"
        fi
    done
}

# Installs one file under the prefix, recording it: mode 0755 for executables, 0644 otherwise.
put() {
    local source="$1" path="$2" mode=0644
    if [[ -x "$source" ]]; then
        mode=0755
    fi
    make_directory "$(dirname -- "$path")"
    install -m "$mode" -- "$source" "$target/$path"
    echo "f $path" >> "$manifest"
}

# The resource bundles SwiftPM builds beside `ladder`, which `Bundle.module` looks for there: the templates of
# `ladder lab new` and of the web pages.
bundles=(ladder_LadderCore.resources ladder_LadderWeb.resources)

install_all() {
    local bin="${1:-}" man="${2:-}"
    [[ -x "$bin/ladder" && -x "$bin/ladder-sandbox" && -x "$bin/ladder-regex" ]] || die "no build of ladder, ladder-sandbox and ladder-regex in '$bin'; run 'make install', which builds them"
    local bundle
    for bundle in "${bundles[@]}"; do
        [[ -d "$bin/$bundle" ]] || die "no resource bundle $bundle in '$bin'; run 'make install', which builds it"
    done
    [[ -f "$man" ]] || die "no man page at '$man'; run 'make install', which generates it"
    local root
    root="$(cd "$(dirname "$0")/.." && pwd)"
    if [[ -f "$manifest" ]]; then
        uninstall > /dev/null
    fi
    mkdir -p -- "$target"
    # The list first, so that an install that fails half-way can still be uninstalled.
    local created=() path
    for path in share share/ladder; do
        if [[ ! -d "$target/$path" ]]; then
            mkdir -m 0755 -- "$target/$path"
            created+=("d $path")
        fi
    done
    printf '%s\n' "${created[@]}" "f $manifest_name" > "$manifest"

    put "$bin/ladder" bin/ladder
    put "$bin/ladder-sandbox" bin/ladder-sandbox
    put "$bin/ladder-regex" bin/ladder-regex
    local file
    while IFS= read -r -d '' file; do
        put "$bin/$file" "bin/$file"
    done < <(cd "$bin" && find "${bundles[@]}" -type f -print0 | sort -z)

    while IFS= read -r -d '' file; do
        put "$root/$file" "share/ladder/$file"
    done < <(cd "$root" && find Labs Graders Sandbox/profiles \
        \( -name __pycache__ -o -name node_modules -o -name .build -o -name '.*' \) -prune -o \
        \( -type f ! -name '*.pyc' -print0 \) | sort -z)

    completions="$(mktemp -d)"
    trap 'rm -rf "$completions"' EXIT
    "$bin/ladder" --generate-completion-script bash > "$completions/ladder"
    "$bin/ladder" --generate-completion-script zsh > "$completions/_ladder"
    "$bin/ladder" --generate-completion-script fish > "$completions/ladder.fish"
    put "$completions/ladder" share/bash-completion/completions/ladder
    put "$completions/_ladder" share/zsh/site-functions/_ladder
    put "$completions/ladder.fish" share/fish/vendor_completions.d/ladder.fish
    put "$man" share/man/man1/ladder.1

    echo "ladder: installed in $target ($(grep -c '^f ' "$manifest") files; the list is $manifest_name)"
}

case "$action" in
    install) install_all "${4:-}" "${5:-}" ;;
    uninstall) uninstall ;;
esac
