#!/usr/bin/env bash
# Sets up and runs the tests: prerequisites (cached outside the clone), build, then the runner, which
# starts OpenBao and moto on loopback and stops them afterwards. Usage: scripts/test.sh [all|unit|live|integration|trust|e2e|electron]
# (unit: test/unit then test/live), scripts/test.sh stress [e2e=5] [integration=3]: layers run again and again
# while every core is busy, or scripts/test.sh pure: only test/unit, no stores, no build, no lint (the fast loop).
set -euo pipefail
if [ "${1:-}" = pure ]; then
  cd "$(dirname "$0")/.."
  cache="${SECRETREF_CACHE:-$HOME/.cache/secretref}"
  [ -f "$cache/env.sh" ] || bash scripts/setup-prereqs.sh --all
  # shellcheck disable=SC1091
  source "$cache/env.sh"
  [ -d node_modules ] || npm ci
  node_modules/.bin/tsc -p tsconfig.json
  exec "$SECRETREF_NODE24" out/test/runners/pure.js
fi
# shellcheck source=scripts/prepare.sh
source "$(dirname "$0")/prepare.sh" --all
npx tsc -p tsconfig.json
npm run --silent lint
npm run --silent format:check
# The runner, the unit tests and the CLI processes they start run on Node 24 from the cache (the CLI
# needs Node 22+); building and linting above run on the machine's Node.
if [ "${1:-}" = stress ]; then
  shift
  exec "$SECRETREF_NODE24" out/test/runners/stress.js "$@"
fi
exec "$SECRETREF_NODE24" out/test/runners/runAll.js "${1:-all}"
