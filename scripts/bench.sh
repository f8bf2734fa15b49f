#!/usr/bin/env bash
# Sets up and runs the benchmarks (figures and ratios against the issues' anchors, side by side).
# Usage: scripts/bench.sh [name...] [--quick]   names: activation schemas codeActions references stores views migration move
# hardening hostLoad repoScale; --quick: repoScale on 500 files instead of 10,000 (SECRETREF_BENCH_FILES=<n> for any count)
set -euo pipefail
# shellcheck source=scripts/prepare.sh
source "$(dirname "$0")/prepare.sh" --all
names=" $(printf '%s ' "$@" | sed -E 's/(^| )--[^ ]*//g') "
if [ -z "${names// /}" ] || [[ "$names" == *" repoScale "* ]]; then
  # repoScale runs gitleaks and detect-secrets beside secretref: built and installed into the cache once.
  bash scripts/bench-scanners.sh
  # shellcheck disable=SC1091
  source "${SECRETREF_CACHE:-$HOME/.cache/secretref}/scanners.sh"
fi
npx tsc -p tsconfig.json
exec "$SECRETREF_NODE24" out/bench/index.js "$@"
