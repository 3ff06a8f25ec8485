#!/usr/bin/env bash
# Builds the libFuzzer harnesses under Fuzz/ and runs each for FUZZ_SECONDS (default 60), starting from its seed
# corpus Fuzz/<name>/seeds. Usage: scripts/fuzz.sh [NAME...] (default: every harness).
#
# Each parser's target is compiled here as a module of its own with the fuzzer's coverage and AddressSanitizer
# (SwiftPM cannot build one product with sanitizers while `swift build` builds the rest without), then each
# harness is linked against the modules it needs. Inputs the fuzzer finds are kept in .build/fuzz/<name>/corpus
# for the next run. A crash, a timeout or a leak stops the script with the input's path: fix the parser and keep the
# input as a regression case in Tests/FuzzRegressions/<name>/, which the parser's FuzzRegressionTests replay.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
out=.build/fuzz
modules="$out/modules"
mkdir -p "$modules"
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
swiftc=(swiftc -sanitize=fuzzer,address -parse-as-library -O -g -use-ld=lld -I "$modules" -L "$modules")

# module NAME DEPENDENCY... -- SOURCE...
module() {
    local name="$1"; shift
    local links=()
    while [[ "$1" != "--" ]]; do links+=("-l$1"); shift; done
    shift
    "${swiftc[@]}" -enable-testing -module-name "$name" -emit-module -emit-module-path "$modules/$name.swiftmodule" \
        -emit-library -static -o "$modules/lib$name.a" "${links[@]}" "$@"
}

module LadderText -- Sources/LadderText/*.swift
module LadderUnits -- Sources/LadderUnits/*.swift
module LadderJSON LadderText -- Sources/LadderJSON/*.swift
module LadderTOML LadderText -- Sources/LadderTOML/*.swift
module LadderHTTP LadderText LadderUnits -- Sources/LadderHTTP/*.swift
# The script graders' report readers, without the rest of LadderGrading.
module ScriptReports LadderText LadderJSON -- Sources/LadderGrading/ScriptReports/*.swift

declare -A links=(
    [json]="LadderText LadderJSON"
    [toml]="LadderText LadderTOML"
    [http-response]="LadderText LadderUnits LadderHTTP"
    [tap]="LadderText LadderJSON ScriptReports"
    [junit]="LadderText LadderJSON ScriptReports"
)
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(json toml http-response tap junit)

for name in "${names[@]}"; do
    [[ -n "${links[$name]:-}" ]] || { echo "fuzz: no harness named '$name'; the harnesses are: ${!links[*]}" >&2; exit 64; }
    dir="$out/$name"
    mkdir -p "$dir/corpus"
    libraries=()
    for library in ${links[$name]}; do libraries+=("-l$library"); done
    "${swiftc[@]}" -module-name "Fuzz_${name//-/_}" "Fuzz/$name/main.swift" "${libraries[@]}" -o "$dir/fuzz-$name"
    echo "fuzz: $name for ${seconds}s"
    if ! "$dir/fuzz-$name" "$dir/corpus" "Fuzz/$name/seeds" -max_total_time="$seconds" -max_len=65536 \
        -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$dir/" -print_final_stats=1 >"$dir/log" 2>&1; then
        tail -n 40 "$dir/log" >&2
        echo "fuzz: $name found a failing input (above; the whole log is $dir/log); keep it in Tests/FuzzRegressions/$name/" >&2
        exit 1
    fi
    grep -E '^stat::(number_of_executed_units|new_units_added)' "$dir/log" | sed "s/^/fuzz: $name: /"
done
