#!/usr/bin/env bash
# Create (once) the Python venv with PyAirbyte (PyPI package `airbyte`), used by
# test/source/pyairbyte.test.ts to read our source into PyAirbyte's DuckDB cache
# the way an Airbyte user would. A venv of its own: PyAirbyte pins its own
# duckdb, pyarrow and pandas, which must not fight the venv of setup-python.sh.
#
#   scripts/setup-pyairbyte.sh     -> prints the venv python path on stdout
#
# Cache: ${ESPQ_CACHE:-<repo>/.cache}/venv-pyairbyte. On a warm cache (venv
# present and the marker matches the requirement list) nothing is installed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ESPQ_CACHE:-$REPO/.cache}"
VENV="$CACHE/venv-pyairbyte"
PY="$VENV/bin/python"

# Requirement set; changing it invalidates the marker and reinstalls.
REQUIREMENTS=(
  "airbyte==0.71.3"
)
MARKER="$VENV/.espq-requirements"
WANT="$(printf '%s\n' "${REQUIREMENTS[@]}")"

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
[[ -n "$BASE_PY" ]] || { echo "setup-pyairbyte: no python3 found" >&2; exit 1; }

mkdir -p "$CACHE"
if [[ ! -x "$PY" ]]; then
  echo "setup-pyairbyte: creating venv at $VENV with $("$BASE_PY" --version 2>&1)" >&2
  "$BASE_PY" -m venv "$VENV" >&2
fi
echo "setup-pyairbyte: installing ${REQUIREMENTS[*]}" >&2
"$PY" -m pip install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}" >&2
DO_NOT_TRACK=1 AIRBYTE_OFFLINE_MODE=1 PYTHONWARNINGS=ignore::FutureWarning "$PY" - >&2 <<'PYEOF'
from importlib.metadata import version
import airbyte, duckdb
print("setup-pyairbyte: airbyte", version("airbyte"), "duckdb", duckdb.__version__)
PYEOF
printf '%s' "$WANT" > "$MARKER"
echo "$PY"
