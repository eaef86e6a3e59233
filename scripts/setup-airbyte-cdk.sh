#!/usr/bin/env bash
# Create (once) the Python venv with a pinned airbyte-cdk and pytest, used by
# test/acceptance/standard-tests.test.ts to run Airbyte's standard connector
# tests (airbyte_cdk.test.standard_tests.DockerConnectorTestSuite) against the
# source image, and by test/acceptance/airbyte-models.test.ts to write catalogs
# and states with the cdk's own protocol models. A venv of its own: PyAirbyte
# (setup-pyairbyte.sh) resolves its cdk by range, this one is pinned.
#
#   scripts/setup-airbyte-cdk.sh   -> prints the venv python path on stdout
#
# Cache: ${ESPQ_CACHE:-<repo>/.cache}/venv-cdk (see python-venv.sh).
set -euo pipefail
PY=$(bash "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh" venv-cdk "airbyte-cdk==7.39.1" "pytest==7.4.4")
"$PY" - >&2 <<'PYEOF'
from importlib.metadata import version
import airbyte_cdk.test.standard_tests, pytest
print("setup-airbyte-cdk: airbyte-cdk", version("airbyte-cdk"), "pytest", pytest.__version__)
PYEOF
echo "$PY"
