#!/usr/bin/env bash
# Makes a local stand-in for node:24-bookworm-slim when image registries cannot
# be reached: a Debian bookworm minbase root file system (debootstrap, from the
# Debian package mirror) plus the project's Node 24 and npm (scripts/fetch-node.sh:
# the official binary from the npm registry, never the host's Node), laid out
# as the official image lays them out (/usr/local/bin/node, user `node` 1000:1000).
#
#   bash scripts/make-base-image.sh        # prints the image name on stdout
#
# The root file system is cached as a tarball in ${ESPQ_CACHE:-.cache}/base-image,
# so later runs (and CI runs that keep the cache) only `podman import` it
# (a few seconds). Needs root and debootstrap (scripts/ensure-podman.sh installs it).
#
#   ESPQ_DEBIAN_MIRROR   Debian mirror (default http://deb.debian.org/debian)
#   ESPQ_NODE_VERSION    Node version (default: scripts/fetch-node.sh's)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/podman-env.sh"
log() { echo "[base-image] $*" >&2; }

SUITE=bookworm
MIRROR=${ESPQ_DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_DIR=$(bash "$ESPQ_REPO/scripts/fetch-node.sh")
NODE_BIN=$NODE_DIR/bin/node
NODE_VERSION=$("$NODE_BIN" --version)
NODE_VERSION=${NODE_VERSION#v}
NPM_DIR=$NODE_DIR/lib/node_modules/npm
IMAGE=localhost/espq-node:${NODE_VERSION}-${SUITE}-slim
TARBALL=$ESPQ_CACHE/base-image/espq-node-${NODE_VERSION}-${SUITE}-slim.tar

if "${CONTAINER[@]}" image exists "$IMAGE" 2>/dev/null; then
  echo "$IMAGE"
  exit 0
fi

if [ ! -f "$TARBALL" ]; then
  [ "$(id -u)" = 0 ] || { log "debootstrap needs root"; exit 1; }
  command -v debootstrap >/dev/null || { log "debootstrap is not installed (scripts/ensure-podman.sh installs it, or apt-get install -y debootstrap)"; exit 1; }
  [ -f "$NPM_DIR/bin/npm-cli.js" ] || { log "npm not found beside $NODE_BIN (looked in $NPM_DIR)"; exit 1; }
  mkdir -p "$(dirname "$TARBALL")"
  ROOTFS=$(mktemp -d "${TMPDIR:-/tmp}/espq-rootfs.XXXXXX")
  trap 'rm -rf "$ROOTFS"' EXIT
  started=$(date +%s)
  log "debootstrap --variant=minbase $SUITE from $MIRROR (first run only, about 2 minutes)"
  debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1 || { tail -n 30 "$ROOTFS.log" >&2; rm -f "$ROOTFS.log"; exit 1; }
  rm -f "$ROOTFS.log"

  log "adding Node $NODE_VERSION and npm $("$NODE_BIN" "$NPM_DIR/bin/npm-cli.js" --version 2>/dev/null) from $NODE_BIN"
  install -m 0755 "$NODE_BIN" "$ROOTFS/usr/local/bin/node"
  mkdir -p "$ROOTFS/usr/local/lib/node_modules"
  cp -a "$NPM_DIR" "$ROOTFS/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  # The user of the official image, so `USER node` works the same on both.
  echo 'node:x:1000:' >>"$ROOTFS/etc/group"
  echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$ROOTFS/etc/passwd"
  echo 'node:*:19000:0:99999:7:::' >>"$ROOTFS/etc/shadow"
  install -d -o 1000 -g 1000 "$ROOTFS/home/node"
  chroot "$ROOTFS" /usr/local/bin/node -e 'require("node:zlib"); process.exit(0)' || { log "the copied Node does not run in the Debian root file system"; exit 1; }

  # What the slim image leaves out too.
  rm -rf "$ROOTFS"/usr/share/{doc,man,info,locale}/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/log/* "$ROOTFS"/tmp/*
  find "$ROOTFS/dev" -mindepth 1 -delete
  chmod 0755 "$ROOTFS"  # mktemp made it 0700, and the tarball keeps the mode of /
  tar -C "$ROOTFS" --numeric-owner -cf "$TARBALL.partial" .
  mv "$TARBALL.partial" "$TARBALL"
  log "root file system cached at $TARBALL ($(du -h "$TARBALL" | cut -f1), $(( $(date +%s) - started ))s)"
fi

log "importing $TARBALL as $IMAGE"
"${CONTAINER[@]}" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'CMD ["node"]' \
  "$TARBALL" "$IMAGE" >/dev/null
echo "$IMAGE"
