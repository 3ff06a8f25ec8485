#!/usr/bin/env bash
# The README's test command: builds everything and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
