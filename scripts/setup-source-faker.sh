#!/usr/bin/env bash
# Create (once) the Python venv with Airbyte's source-faker from PyPI (pinned),
# the foreign source test/destination/pyairbyte-faker.test.ts runs into our
# destination through PyAirbyte. A venv of its own: airbyte-source-faker
# requires airbyte-cdk 6, PyAirbyte and the standard tests use 7.
#
#   scripts/setup-source-faker.sh  -> prints the path of the source-faker executable
#
# Cache: ${ESPQ_CACHE:-<repo>/.cache}/venv-faker (see python-venv.sh).
set -euo pipefail
PY=$(bash "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh" venv-faker "airbyte-source-faker==7.2.1")
BIN="$(dirname "$PY")/source-faker"
[ -x "$BIN" ] || { echo "setup-source-faker: $BIN is missing after the install" >&2; exit 1; }
"$PY" - >&2 <<'PYEOF'
from importlib.metadata import version
print("setup-source-faker: airbyte-source-faker", version("airbyte-source-faker"), "airbyte-cdk", version("airbyte-cdk"))
PYEOF
echo "$BIN"
