#!/usr/bin/env bash
# Print the path of the MinIO client `mc`, building it once (go install) into the cache if it is missing.
#
#   scripts/servers/ensure-mc.sh        # ESPQ_MC_VERSION picks the module version (default latest)
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/go-install-cached.sh" github.com/minio/mc "${ESPQ_MC_VERSION:-latest}"
