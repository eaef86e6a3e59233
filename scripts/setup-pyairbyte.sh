#!/usr/bin/env bash
# Create (once) the Python venv with PyAirbyte (PyPI package `airbyte`), used by
# test/source/pyairbyte.test.ts to read our source into PyAirbyte's DuckDB cache
# the way an Airbyte user would. A venv of its own: PyAirbyte pins its own
# duckdb, pyarrow and pandas, which must not fight the venv of setup-python.sh.
#
#   scripts/setup-pyairbyte.sh     -> prints the venv python path on stdout
#
# Cache: ${ESPQ_CACHE:-<repo>/.cache}/venv-pyairbyte (see python-venv.sh).
set -euo pipefail
PY=$(bash "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh" venv-pyairbyte "airbyte==0.71.3")
DO_NOT_TRACK=1 AIRBYTE_OFFLINE_MODE=1 PYTHONWARNINGS=ignore::FutureWarning "$PY" - >&2 <<'PYEOF'
from importlib.metadata import version
import airbyte, duckdb
print("setup-pyairbyte: airbyte", version("airbyte"), "duckdb", duckdb.__version__)
PYEOF
echo "$PY"
