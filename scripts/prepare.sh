# Sourced by test.sh, bench.sh and demo.sh: prerequisites (cached outside the clone), their paths in
# the environment, node_modules and the bundles. Arguments go to setup-prereqs.sh (e.g. --demo).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-prereqs.sh "$@"
# shellcheck disable=SC1091
source "${SECRETREF_CACHE:-$HOME/.cache/secretref}/env.sh"
[ -d node_modules ] || npm ci
npm run --silent build
