#!/usr/bin/env bash
# Refreshes the committed screenshots: runs the e2e UI suite (packaged .vsix, live OpenBao and moto,
# headless Chromium, default dark theme) and copies the screenshots its tests take at their key moments
# to docs/screenshots/ (all of them) and walkthrough/media/ (the ones the getting-started walkthrough shows).
# Failed tests' screenshots (FAILED-*.png) and end-of-test ones (end-*.png) stay in the run folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-prereqs.sh
# shellcheck disable=SC1091
source "${SECRETREF_CACHE:-$HOME/.cache/secretref}/env.sh"
npm run --silent build
npx tsc -p tsconfig.json || echo "[screenshots] tsc reported errors in the tree; running with what it emitted" >&2

RUN_DIR="$PWD/.test-runs/screenshots-$(date -u +%Y%m%dT%H%M%SZ)"
status=0
SECRETREF_E2E_RUN_DIR="$RUN_DIR" "$SECRETREF_NODE24" --no-warnings out/test/e2e/runE2e.js || status=$?

SHOTS="$RUN_DIR/e2e/screenshots"
mkdir -p docs/screenshots walkthrough/media
copied=0
for shot in "$SHOTS"/*.png; do
  [ -e "$shot" ] || continue
  name="$(basename "$shot")"
  case "$name" in FAILED-*|end-*) continue ;; esac
  cp "$shot" "docs/screenshots/$name"
  copied=$((copied + 1))
done
for name in stores-view.png hover-vault-masked.png completion.png problems.png secrets-view.png migration-preview.png; do
  [ -e "$SHOTS/$name" ] && cp "$SHOTS/$name" "walkthrough/media/$name"
done
echo "[screenshots] copied $copied screenshot(s) to docs/screenshots/ from $SHOTS"
[ "$status" -eq 0 ] || echo "[screenshots] the e2e suite failed (exit $status): some screenshots were not refreshed; see FAILED-*.png in $SHOTS" >&2
exit "$status"
