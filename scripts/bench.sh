#!/usr/bin/env bash
# Sets up and runs the benchmarks (figures and ratios against the issues' anchors, side by side).
# Usage: scripts/bench.sh [name...]   names: activation schemas references stores views migration hardening
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-prereqs.sh
# shellcheck disable=SC1091
source "${SECRETREF_CACHE:-$HOME/.cache/secretref}/env.sh"
[ -d node_modules ] || npm ci
npm run --silent build
npx tsc -p tsconfig.json
exec node out/bench/index.js "$@"
