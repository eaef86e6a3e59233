#!/usr/bin/env bash
# Builds both connector images from the one Dockerfile:
#   espq/source-elasticsearch:<version>   (--target source-elasticsearch)
#   espq/destination-s3-parquet:<version> (--target destination-s3-parquet)
# <version> is package.json's version, which metadata.yaml and the image
# labels repeat (test/acceptance checks that they agree).
#
#   bash scripts/build-images.sh                 # podman, local base image
#   ESPQ_CONTAINER_ENGINE=docker BASE_IMAGE=node:24-bookworm-slim bash scripts/build-images.sh
#
# BASE_IMAGE unset: with podman, scripts/make-base-image.sh makes (or reuses)
# a local Debian + Node 24 image (Node from scripts/fetch-node.sh), since image
# registries are not reachable here; with docker, the Dockerfile's public
# default is used. scripts/ensure-podman.sh installs podman and what it needs.
# Prints one line per image on stdout: "<target> <image> <seconds to build>".
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/podman-env.sh"
cd "$ESPQ_REPO"
log() { echo "[build-images] $*" >&2; }

VERSION=$(node -p 'require("./package.json").version')
BASE_REF=${BASE_IMAGE:-}
if [ -z "$BASE_REF" ] && [ "${ESPQ_CONTAINER_ENGINE:-podman}" != docker ]; then
  BASE_REF=$(bash scripts/make-base-image.sh)
fi
BASE_ARGS=()
[ -z "$BASE_REF" ] || BASE_ARGS=(--build-arg "BASE_IMAGE=$BASE_REF")

# Behind a TLS-inspecting proxy npm inside the build needs the proxy's CA, as
# Node on this machine does: mount the bundle for the RUN steps (podman only).
CA_ARGS=()
CA_FILE=${ESPQ_BUILD_CA_FILE:-${NODE_EXTRA_CA_CERTS:-}}
if [ -n "$CA_FILE" ] && [ -f "$CA_FILE" ] && [ "${ESPQ_CONTAINER_ENGINE:-podman}" != docker ]; then
  CA_ARGS=(--volume "$(readlink -f "$CA_FILE"):/tmp/build-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/tmp/build-ca.crt)
fi

# Every file that goes into the build (the allowlist of .dockerignore) and the
# base image id, hashed: an image built from the same inputs (recorded in
# ${ESPQ_CACHE}/images/) is up to date and is not rebuilt, since a build (with
# podman no step is cached: scripts/podman-env.sh) takes about 50 s an image.
BASE_ID=$("${CONTAINER[@]}" image inspect --format '{{.Id}}' "${BASE_REF:-node:24-bookworm-slim}" 2>/dev/null || echo "${BASE_REF:-node:24-bookworm-slim}")
INPUTS=$( { echo "$BASE_ID"; find Dockerfile .dockerignore package.json package-lock.json tsconfig.json scripts/prune-runtime-deps.mjs src -type f ! -name '*.test.ts' | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)
mkdir -p "$ESPQ_CACHE/images"

for target in source-elasticsearch destination-s3-parquet; do
  image="espq/$target:$VERSION"
  record="$ESPQ_CACHE/images/$target.inputs"
  started=$(date +%s)
  current_id=$("${CONTAINER[@]}" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  if [ "${ESPQ_FORCE_BUILD:-0}" != 1 ] && [ -n "$current_id" ] && [ "$(cat "$record" 2>/dev/null)" = "$INPUTS $current_id" ]; then
    log "$image is up to date (build inputs $INPUTS unchanged); ESPQ_FORCE_BUILD=1 rebuilds it"
    echo "$target $image 0"
    continue
  fi
  log "building $image (${BASE_ARGS[*]:-public base image})"
  "${CONTAINER[@]}" build "${BUILD_FLAGS[@]}" "${BASE_ARGS[@]}" "${CA_ARGS[@]}" --target "$target" --tag "$image" --file Dockerfile . >&2
  new_id=$("${CONTAINER[@]}" image inspect --format '{{.Id}}' "$image")
  # The image the tag moved away from is garbage now: remove it, or every
  # rebuild leaves one more behind (a running container keeps it; that is fine).
  if [ -n "$current_id" ] && [ "$current_id" != "$new_id" ]; then
    "${CONTAINER[@]}" rmi "$current_id" >/dev/null 2>&1 || log "kept the replaced image $current_id (still in use)"
  fi
  echo "$INPUTS $new_id" >"$record"
  echo "$target $image $(( $(date +%s) - started ))"
done
