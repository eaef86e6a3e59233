#!/usr/bin/env bash
# Puts the project's Node (the official binary, published on the npm registry
# as node-linux-<arch>) and the npm it bundles into the cache, laid out as the
# official tarball lays them out:
#   <dir>/bin/node, <dir>/bin/npm, <dir>/bin/npx, <dir>/lib/node_modules/npm
#
#   bash scripts/fetch-node.sh        # prints <dir> on stdout
#
# <dir> is ${ESPQ_CACHE}/node/node-v<version>-linux-<arch>; a second call only
# prints it. Needs an `npm` on PATH (any version) to download the two packages
# (`npm pack`, which checks each tarball's integrity against the registry).
#
#   ESPQ_NODE_VERSION   Node version (default below: the 24 LTS the images ship)
#   ESPQ_NPM_VERSION    npm version (default: the one that Node release bundles)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export ESPQ_CACHE=${ESPQ_CACHE:-$REPO/.cache}
log() { echo "[node] $*" >&2; }

# One place names the runtime: the tests, the demo, CI and both images use it.
NODE_VERSION=${ESPQ_NODE_VERSION:-24.22.3}
NPM_VERSION=${ESPQ_NPM_VERSION:-11.19.1}
case "$(uname -m)" in
  x86_64) ARCH=x64 ;;
  aarch64) ARCH=arm64 ;;
  *) log "no official Node binary package for $(uname -m)"; exit 1 ;;
esac
DIR=$ESPQ_CACHE/node/node-v$NODE_VERSION-linux-$ARCH

if [ -x "$DIR/bin/node" ] && [ -f "$DIR/lib/node_modules/npm/bin/npm-cli.js" ]; then
  echo "$DIR"
  exit 0
fi
command -v npm >/dev/null || { log "npm is needed once to download Node $NODE_VERSION from the npm registry (apt-get install -y npm, or install Node $NODE_VERSION yourself)"; exit 1; }

mkdir -p "$ESPQ_CACHE/node"
WORK=$(mktemp -d "$ESPQ_CACHE/node/.fetch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
started=$(date +%s)
log "downloading node-linux-$ARCH@$NODE_VERSION and npm@$NPM_VERSION from the npm registry (first run only)"
(cd "$WORK" && npm pack --silent "node-linux-$ARCH@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$WORK/node/bin" "$WORK/node/lib/node_modules/npm" "$WORK/node-pkg"
tar -xzf "$WORK/node-linux-$ARCH-$NODE_VERSION.tgz" -C "$WORK/node-pkg"
install -m 0755 "$WORK/node-pkg/package/bin/node" "$WORK/node/bin/node"
tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$WORK/node/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$WORK/node/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$WORK/node/bin/npx"
got=$("$WORK/node/bin/node" --version)
[ "$got" = "v$NODE_VERSION" ] || { log "the downloaded binary says $got, expected v$NODE_VERSION"; exit 1; }
got=$("$WORK/node/bin/node" "$WORK/node/lib/node_modules/npm/bin/npm-cli.js" --version)
[ "$got" = "$NPM_VERSION" ] || { log "the downloaded npm says $got, expected $NPM_VERSION"; exit 1; }
# Another run may have finished first; either copy is the same.
mv -T "$WORK/node" "$DIR" 2>/dev/null || [ -x "$DIR/bin/node" ]
log "Node $NODE_VERSION and npm $NPM_VERSION in $DIR ($(( $(date +%s) - started ))s)"
echo "$DIR"
