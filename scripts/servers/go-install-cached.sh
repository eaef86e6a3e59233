#!/usr/bin/env bash
# Print the path of a Go program built once into the cache, building it if it is missing.
#
#   scripts/servers/go-install-cached.sh MODULE VERSION
#
# MODULE is a `go install` path such as github.com/minio/mc; the binary (its last path element)
# lands in ${ESPQ_CACHE:-<repo>/.cache}/bin. A lock lets parallel callers share one build; the
# build goes to a temp GOBIN and is renamed into place, so a half-built binary is never used.
# Prints only the path on stdout; build output goes to stderr.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 MODULE VERSION" >&2; exit 2; }
MODULE="$1"
VERSION="$2"
NAME="${MODULE##*/}"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${ESPQ_CACHE:-$REPO/.cache}"
BIN="$CACHE/bin/$NAME"

if [[ ! -x "$BIN" ]]; then
  command -v go >/dev/null 2>&1 || { echo "$NAME: 'go' not found; needed to build $MODULE once" >&2; exit 1; }
  mkdir -p "$CACHE/bin"
  exec 9>"$CACHE/bin/.$NAME.lock"
  flock 9
  if [[ ! -x "$BIN" ]]; then
    tmp="$(mktemp -d "$CACHE/bin/.$NAME-build.XXXXXX")"
    echo "$NAME: building $MODULE@$VERSION with $(go version) (one time)..." >&2
    if ! GOBIN="$tmp" GOFLAGS="${GOFLAGS:-} -trimpath" go install "$MODULE@$VERSION" >&2; then
      rm -rf "$tmp"
      echo "$NAME: go install $MODULE@$VERSION failed" >&2
      exit 1
    fi
    mv -f "$tmp/$NAME" "$BIN"
    rm -rf "$tmp"
  fi
  flock -u 9
  exec 9>&-
fi
echo "$BIN"
