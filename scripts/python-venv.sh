#!/usr/bin/env bash
# Create (once) a Python venv in the cache with a fixed requirement list, and
# print its python path on stdout. Shared by setup-python.sh and
# setup-pyairbyte.sh, which give each requirement set a venv of its own.
#
#   scripts/python-venv.sh NAME REQUIREMENT...   -> ${ESPQ_CACHE:-<repo>/.cache}/NAME/bin/python
#
# On a warm cache (venv present and its marker matches the requirement list)
# nothing is installed; changing the list reinstalls. ESPQ_BASE_PYTHON picks
# the interpreter the venv is made from (default: python3 on PATH).
set -euo pipefail

NAME=$1; shift
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ESPQ_CACHE:-$REPO/.cache}"
VENV="$CACHE/$NAME"
PY="$VENV/bin/python"
MARKER="$VENV/.espq-requirements"
WANT="$(printf '%s\n' "$@")"

if [[ -x "$PY" && -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  echo "$PY"
  exit 0
fi

BASE_PY="${ESPQ_BASE_PYTHON:-}"
if [[ -z "$BASE_PY" ]]; then
  for c in python3 python; do
    if command -v "$c" >/dev/null 2>&1; then BASE_PY="$(command -v "$c")"; break; fi
  done
fi
[[ -n "$BASE_PY" ]] || { echo "python-venv: no python3 found" >&2; exit 1; }

mkdir -p "$CACHE"
if [[ ! -x "$PY" ]]; then
  echo "python-venv: creating $VENV with $("$BASE_PY" --version 2>&1)" >&2
  "$BASE_PY" -m venv "$VENV" >&2
fi
echo "python-venv: installing $* into $NAME" >&2
"$PY" -m pip install --quiet --disable-pip-version-check "$@" >&2
printf '%s' "$WANT" > "$MARKER"
echo "$PY"
