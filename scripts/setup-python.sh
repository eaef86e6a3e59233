#!/usr/bin/env bash
# Create (once) the Python venv used by the integration tests' independent
# Parquet readers (pyarrow, duckdb) and by the benchmark (elasticsearch client).
#
#   scripts/setup-python.sh        -> prints the venv python path on stdout
#
# Cache: ${ESPQ_CACHE:-<repo>/.cache}/venv. On a warm cache (venv present and
# the marker matches the requirement list) nothing is installed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ESPQ_CACHE:-$REPO/.cache}"
VENV="$CACHE/venv"
PY="$VENV/bin/python"

# Requirement set; changing it invalidates the marker and reinstalls.
REQUIREMENTS=(
  "pyarrow>=15"
  "duckdb>=1.0"
  "pandas>=2"
  "elasticsearch>=8,<9"
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
[[ -n "$BASE_PY" ]] || { echo "setup-python: no python3 found" >&2; exit 1; }

mkdir -p "$CACHE"
if [[ ! -x "$PY" ]]; then
  echo "setup-python: creating venv at $VENV with $("$BASE_PY" --version 2>&1)" >&2
  "$BASE_PY" -m venv "$VENV" >&2
fi
echo "setup-python: installing ${REQUIREMENTS[*]}" >&2
"$PY" -m pip install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}" >&2
"$PY" - >&2 <<'PYEOF'
import pyarrow, duckdb, pandas, elasticsearch
print("setup-python: pyarrow", pyarrow.__version__, "duckdb", duckdb.__version__,
      "pandas", pandas.__version__, "elasticsearch", elasticsearch.__versionstr__)
PYEOF
printf '%s' "$WANT" > "$MARKER"
echo "$PY"
