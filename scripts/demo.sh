#!/usr/bin/env bash
# `npm run demo`: installs the prerequisites (cached outside the clone, skipped when present), builds
# the extension, then hands over to the demo runner, which starts OpenBao, moto and VS Code and stops
# them all on Ctrl-C. SECRETREF_DEMO_BROWSER=1 uses the browser workbench even when `code` is on PATH.
set -euo pipefail
# shellcheck source=scripts/prepare.sh
source "$(dirname "$0")/prepare.sh" --demo
# The runner is bundled on its own so a type error elsewhere in the tree never blocks the demo.
npx esbuild test/runners/demo.ts --bundle --platform=node --target=node20 --packages=external \
  --log-level=warning --outfile=out/demo/demo.js
exec node --no-warnings out/demo/demo.js
