#!/usr/bin/env bash
# Print the path of the MinIO client `mc`, building it once if it is missing.
#
#   scripts/servers/ensure-mc.sh
#
# Built with `go install github.com/minio/mc@${ESPQ_MC_VERSION:-latest}` into
# ${ESPQ_CACHE:-<repo>/.cache}/bin. A lock lets parallel callers share one build.
# Prints only the path on stdout; build output goes to stderr.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${ESPQ_CACHE:-$REPO/.cache}"
MC_VERSION="${ESPQ_MC_VERSION:-latest}"
MC="$CACHE/bin/mc"

if [[ ! -x "$MC" ]]; then
  command -v go >/dev/null 2>&1 || { echo "ensure-mc: 'go' not found; needed to build mc once" >&2; exit 1; }
  mkdir -p "$CACHE/bin"
  exec 9>"$CACHE/bin/.mc.lock"
  flock 9
  if [[ ! -x "$MC" ]]; then
    tmp="$(mktemp -d "$CACHE/bin/.mc-build.XXXXXX")"
    echo "ensure-mc: building github.com/minio/mc@$MC_VERSION (one time)..." >&2
    if ! GOBIN="$tmp" GOFLAGS="${GOFLAGS:-} -trimpath" go install "github.com/minio/mc@$MC_VERSION" >&2; then
      rm -rf "$tmp"
      echo "ensure-mc: go install github.com/minio/mc@$MC_VERSION failed" >&2
      exit 1
    fi
    mv -f "$tmp/mc" "$MC"
    rm -rf "$tmp"
  fi
  flock -u 9
  exec 9>&-
fi
echo "$MC"
