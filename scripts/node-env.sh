# Sourced by .ci/run, scripts/test.sh, scripts/demo.sh and scripts/with-node.sh:
# makes `node`, `npm` and `npx` on PATH a supported Node (24 or later).
# A system Node of 24 or later is used as it is; an older one (or none) is
# replaced, for this shell and its children, by the Node 24 of
# scripts/fetch-node.sh (downloaded into ${ESPQ_CACHE} on first use).
#
#   ESPQ_USE_PROJECT_NODE=1   use the project's Node 24 even if the system one is newer
#
# Defines ESPQ_NODE_DIR (the bin directory put first on PATH, or empty).
ESPQ_MIN_NODE_MAJOR=24
_espq_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_espq_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
ESPQ_NODE_DIR=
if [ "${ESPQ_USE_PROJECT_NODE:-0}" = 1 ] || [ "$_espq_major" -lt "$ESPQ_MIN_NODE_MAJOR" ]; then
  ESPQ_NODE_DIR=$(bash "$_espq_repo/scripts/fetch-node.sh")/bin
  export PATH="$ESPQ_NODE_DIR:$PATH"
  hash -r
  # npm passes the system npm's config on; a nodedir there holds the old Node's headers.
  unset npm_config_nodedir
  [ "$_espq_major" = 0 ] || echo "[node] system Node is $_espq_major.x; using $(node --version) from $ESPQ_NODE_DIR" >&2
fi
unset _espq_repo _espq_major
