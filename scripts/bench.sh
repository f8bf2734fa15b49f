#!/usr/bin/env bash
# Sets up and runs the benchmarks (figures and ratios against the issues' anchors, side by side).
# Usage: scripts/bench.sh [name...]   names: activation schemas codeActions references stores views migration hardening
set -euo pipefail
# shellcheck source=scripts/prepare.sh
source "$(dirname "$0")/prepare.sh" --all
npx tsc -p tsconfig.json
exec "$SECRETREF_NODE24" out/bench/index.js "$@"
