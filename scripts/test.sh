#!/usr/bin/env bash
# Sets up and runs the tests: prerequisites (cached outside the clone), build, then the runner, which
# starts OpenBao and moto on loopback and stops them afterwards. Usage: scripts/test.sh [all|unit|integration|trust|e2e|electron]
# or scripts/test.sh stress [e2e=5] [integration=3]: layers run again and again while every core is busy.
set -euo pipefail
# shellcheck source=scripts/prepare.sh
source "$(dirname "$0")/prepare.sh" --all
npx tsc -p tsconfig.json
npm run --silent lint
# The runner, the unit tests and the CLI processes they start run on Node 24 from the cache (the CLI
# needs Node 22+); building and linting above run on the machine's Node.
if [ "${1:-}" = stress ]; then
  shift
  exec "$SECRETREF_NODE24" out/test/runners/stress.js "$@"
fi
exec "$SECRETREF_NODE24" out/test/runners/runAll.js "${1:-all}"
