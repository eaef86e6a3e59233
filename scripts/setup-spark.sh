#!/usr/bin/env bash
# Create (once) the Python venv with PySpark (Spark SQL with Hive support),
# the Hive-dialect engine that runs our Athena DDL in the tests
# (test/support/spark_ddl.py). Spark needs Java 17 or later on PATH.
#
#   scripts/setup-spark.sh        -> prints the venv python path on stdout
#
# Cache: ${ESPQ_CACHE:-<repo>/.cache}/venv-spark (see python-venv.sh).
set -euo pipefail
command -v java >/dev/null || { echo "setup-spark: Spark needs Java 17 or later on PATH" >&2; exit 1; }
PY=$(bash "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh" venv-spark "pyspark==4.1.1")
"$PY" -c 'import pyspark, sys; print("setup-spark: pyspark", pyspark.__version__, file=sys.stderr)'
echo "$PY"
