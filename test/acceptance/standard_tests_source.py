"""Airbyte's standard connector tests, run against the source image.

The test class is airbyte-cdk's own `DockerConnectorTestSuite`, unchanged: it
reads `acceptance-test-config.yml` at the connector root and runs `spec`,
`check`, `discover` and `read` in the image through the `docker` CLI.
test/acceptance/standard-tests.test.ts runs it with pytest, from the pinned
airbyte-cdk of scripts/setup-airbyte-cdk.sh, with the docker shim of
scripts/docker-shim/ first on PATH (podman, host network).

ESPQ_CONNECTOR_ROOT names the connector root to test: there the TypeScript
test lays a copy of the connector's acceptance files whose configs point at
the test Elasticsearch (the ${ES_URL} placeholder replaced). Without it, the
connector root is found as airbyte-cdk finds it (the nearest metadata.yaml).
"""

from __future__ import annotations

import os
from pathlib import Path

from airbyte_cdk.test.standard_tests.docker_base import DockerConnectorTestSuite


class TestSourceElasticsearch(DockerConnectorTestSuite):
    """source-elasticsearch under Airbyte's standard tests; nothing overridden but the root."""

    @classmethod
    def get_connector_root_dir(cls) -> Path:
        root = os.environ.get("ESPQ_CONNECTOR_ROOT")
        return Path(root).absolute() if root else super().get_connector_root_dir()
