#!/usr/bin/env bash
# Installs the two secret scanners the repository-scale bench (bench/repoScale.ts) runs beside
# `secretref check`, into the prerequisite cache, idempotently: gitleaks built from its Go module with
# the machine's Go, and detect-secrets from PyPI into the cache's Python venv (setup-prereqs.sh makes it).
# Writes $CACHE/scanners.sh, which exports their paths. Only `npm run bench` needs them, never `npm test`.
set -euo pipefail

CACHE="${SECRETREF_CACHE:-$HOME/.cache/secretref}"
GITLEAKS_VERSION="v8.30.1"
DETECT_SECRETS_VERSION="1.5.0"
log() { printf '[bench-setup] %s\n' "$*"; }

GITLEAKS_DIR="$CACHE/gitleaks-$GITLEAKS_VERSION"
GITLEAKS="$GITLEAKS_DIR/bin/gitleaks"
if [ ! -x "$GITLEAKS" ]; then
  command -v go >/dev/null || { echo "[bench-setup] the bench builds gitleaks with Go: install Go 1.24 or newer" >&2; exit 1; }
  started=$SECONDS
  log "gitleaks $GITLEAKS_VERSION: building with $(go version | cut -d' ' -f3) (about 2 minutes on 2 cores)"
  rm -rf "$GITLEAKS_DIR"
  mkdir -p "$GITLEAKS_DIR"
  # The module and build caches stay the machine's (GOMODCACHE, GOCACHE); only the binary goes to the cache.
  # The version is stamped as gitleaks' own Makefile does (go install alone leaves a placeholder).
  GOBIN="$GITLEAKS_DIR/bin" go install -trimpath -ldflags "-X=github.com/zricethezav/gitleaks/v8/version.Version=$GITLEAKS_VERSION" \
    "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION"
  log "gitleaks: $("$GITLEAKS" version) built in $((SECONDS - started)) s"
else
  log "gitleaks: $("$GITLEAKS" version) (cached)"
fi

VENV="$CACHE/venv"
[ -x "$VENV/bin/python" ] || { echo "[bench-setup] no Python venv in $CACHE: run scripts/setup-prereqs.sh first" >&2; exit 1; }
DETECT_SECRETS="$VENV/bin/detect-secrets"
if [ "$("$DETECT_SECRETS" --version 2>/dev/null || true)" != "$DETECT_SECRETS_VERSION" ]; then
  started=$SECONDS
  log "detect-secrets $DETECT_SECRETS_VERSION: installing into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "detect-secrets==$DETECT_SECRETS_VERSION"
  log "detect-secrets: $("$DETECT_SECRETS" --version) installed in $((SECONDS - started)) s"
else
  log "detect-secrets: $DETECT_SECRETS_VERSION (cached)"
fi

cat > "$CACHE/scanners.sh" <<ENV
export SECRETREF_GITLEAKS="$GITLEAKS"
export SECRETREF_DETECT_SECRETS="$DETECT_SECRETS"
ENV
