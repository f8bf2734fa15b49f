#!/usr/bin/env bash
# Sets up and runs the tests: prerequisites (cached outside the clone), build, then the runner, which
# starts OpenBao and moto on loopback and stops them afterwards. Usage: scripts/test.sh [all|unit|integration|e2e|electron]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-prereqs.sh
# shellcheck disable=SC1091
source "${SECRETREF_CACHE:-$HOME/.cache/secretref}/env.sh"
[ -d node_modules ] || npm ci
npm run --silent build
npx tsc -p tsconfig.json
npm run --silent lint
exec node out/test/runners/runAll.js "${1:-all}"
