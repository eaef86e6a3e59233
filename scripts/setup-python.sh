#!/usr/bin/env bash
# Create (once) the Python venv used by the integration tests' independent
# Parquet readers (pyarrow, duckdb) and by the benchmark (elasticsearch client).
#
#   scripts/setup-python.sh        -> prints the venv python path on stdout
#
# Cache: ${ESPQ_CACHE:-<repo>/.cache}/venv (see python-venv.sh).
set -euo pipefail
PY=$(bash "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh" venv "pyarrow>=15" "duckdb>=1.0" "pandas>=2" "elasticsearch>=8,<9")
"$PY" - >&2 <<'PYEOF'
import pyarrow, duckdb, pandas, elasticsearch
print("setup-python: pyarrow", pyarrow.__version__, "duckdb", duckdb.__version__,
      "pandas", pandas.__version__, "elasticsearch", elasticsearch.__versionstr__)
PYEOF
echo "$PY"
