#!/usr/bin/env bash
# Runs a command with the project's Node on PATH (scripts/node-env.sh), for the
# npm scripts that run `node` themselves (bench, sync, typecheck, test:only):
#   bash scripts/with-node.sh node --import tsx bench/run.ts --docs 100000
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
exec "$@"
