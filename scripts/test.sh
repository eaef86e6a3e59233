#!/usr/bin/env bash
# The test command (`npm test`): installs what the tests need (Node 24 when the
# system Node is older, podman for the image tests), starts real servers on
# loopback (Elasticsearch 8, OpenSearch 2, MinIO), runs every test with Node 24,
# and stops the servers whatever happens. Works on a fresh machine; later runs
# reuse the cache in ${ESPQ_CACHE:-.cache}.
#   npm test                       # everything
#   npm test -- test/unit/*.test.ts   # only some files (servers still start)
# The image tests (test/acceptance/images.test.ts) run unless
# ESPQ_SKIP_IMAGE_TESTS=1, and fail when podman cannot be installed; on CI
# (CI=true) they fail even then.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
export ESPQ_CACHE=${ESPQ_CACHE:-$REPO/.cache}
. scripts/node-env.sh
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/espq-test.XXXXXX")
# Every temporary file of the run goes under RUN_DIR, removed at the end: the
# tests' work directories, and what a connector killed by a test (kill -9)
# could not clean up itself, such as a destination's spool files.
mkdir -p "$RUN_DIR/tmp"
export TMPDIR=$RUN_DIR/tmp
log() { echo "[test] $*" >&2; }

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

cleanup() {
  for dir in "$RUN_DIR"/es8 "$RUN_DIR"/os2 "$RUN_DIR"/minio; do
    [ -f "$dir/pid" ] && bash scripts/servers/stop-server.sh "$dir" >/dev/null 2>&1 || true
  done
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT INT TERM

[ -d node_modules ] || { log "installing npm dependencies"; npm ci --no-audit --no-fund >&2; }
if [ $# -gt 0 ]; then FILES=("$@"); else mapfile -t FILES < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort); fi
IMAGES=0
for file in "${FILES[@]}"; do if [[ "$file" == *images.test.ts || "$file" == *standard-tests.test.ts ]]; then IMAGES=1; fi; done
[ "${ESPQ_SKIP_IMAGE_TESTS:-0}" != 1 ] || IMAGES=0

# Start everything in parallel: first runs download from Maven Central, the Go proxy and PyPI.
# Elasticsearch reaps expired points in time every second (default: every minute), so the
# resume-after-expiry test needs no long pause.
ES_PORT=$(free_port); OS_PORT=$(free_port); S3_PORT=$(free_port)
mkdir -p "$RUN_DIR"/{es8,os2,minio}
ESPQ_ES_JAVA_OPTS="-Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -Despq.setting.search.keep_alive_interval=1s" bash scripts/servers/start-search-engine.sh es8 "$ES_PORT" "$RUN_DIR/es8" >"$RUN_DIR/es8.url" 2>"$RUN_DIR/es8.err" & ES_JOB=$!
bash scripts/servers/start-search-engine.sh os2 "$OS_PORT" "$RUN_DIR/os2" >"$RUN_DIR/os2.url" 2>"$RUN_DIR/os2.err" & OS_JOB=$!
bash scripts/servers/start-minio.sh "$S3_PORT" "$RUN_DIR/minio" >"$RUN_DIR/minio.url" 2>"$RUN_DIR/minio.err" & S3_JOB=$!
bash scripts/setup-python.sh >"$RUN_DIR/python.path" 2>"$RUN_DIR/python.err" & PY_JOB=$!
bash scripts/setup-pyairbyte.sh >"$RUN_DIR/pyairbyte.path" 2>"$RUN_DIR/pyairbyte.err" & PYAB_JOB=$!
bash scripts/setup-airbyte-cdk.sh >"$RUN_DIR/cdk.path" 2>"$RUN_DIR/cdk.err" & CDK_JOB=$!
bash scripts/setup-source-faker.sh >"$RUN_DIR/faker.path" 2>"$RUN_DIR/faker.err" & FAKER_JOB=$!
bash scripts/setup-spark.sh >"$RUN_DIR/spark.path" 2>"$RUN_DIR/spark.err" & SPARK_JOB=$!
bash scripts/servers/ensure-mc.sh >/dev/null 2>"$RUN_DIR/mc.err" & MC_JOB=$!
[ "$IMAGES" = 0 ] || { bash scripts/ensure-podman.sh 2>"$RUN_DIR/podman.err" & PODMAN_JOB=$!; }

wait_job() { # name pid errfile
  if ! wait "$2"; then log "$1 failed to start:"; tail -n 40 "$3" >&2; exit 1; fi
  log "$1 ready"
}
wait_job "Elasticsearch 8" "$ES_JOB" "$RUN_DIR/es8.err"
wait_job "OpenSearch 2" "$OS_JOB" "$RUN_DIR/os2.err"
wait_job "MinIO" "$S3_JOB" "$RUN_DIR/minio.err"
wait_job "Python (pyarrow, duckdb)" "$PY_JOB" "$RUN_DIR/python.err"
wait_job "PyAirbyte" "$PYAB_JOB" "$RUN_DIR/pyairbyte.err"
wait_job "airbyte-cdk (standard tests)" "$CDK_JOB" "$RUN_DIR/cdk.err"
wait_job "airbyte-source-faker" "$FAKER_JOB" "$RUN_DIR/faker.err"
wait_job "PySpark (Spark SQL with Hive)" "$SPARK_JOB" "$RUN_DIR/spark.err"
wait_job "MinIO client (mc)" "$MC_JOB" "$RUN_DIR/mc.err"
# Not fatal here: without podman the image tests fail, saying what is missing.
if [ "$IMAGES" = 1 ]; then
  if wait "$PODMAN_JOB"; then cat "$RUN_DIR/podman.err" >&2; log "podman ready ($(podman --version))"; else cat "$RUN_DIR/podman.err" >&2; fi
fi

export ES_URL=$(cat "$RUN_DIR/es8.url") OS_URL=$(cat "$RUN_DIR/os2.url") S3_ENDPOINT=$(cat "$RUN_DIR/minio.url")
export S3_ACCESS_KEY_ID=minioadmin S3_SECRET_ACCESS_KEY=minioadmin S3_REGION=us-east-1
export ESPQ_PYTHON=$(tail -n 1 "$RUN_DIR/python.path")
export ESPQ_PYAIRBYTE_PYTHON=$(tail -n 1 "$RUN_DIR/pyairbyte.path")
export ESPQ_CDK_PYTHON=$(tail -n 1 "$RUN_DIR/cdk.path")
export ESPQ_SOURCE_FAKER=$(tail -n 1 "$RUN_DIR/faker.path")
export ESPQ_SPARK_PYTHON=$(tail -n 1 "$RUN_DIR/spark.path")
export ESPQ_SERVER_DIRS="es8=$RUN_DIR/es8,os2=$RUN_DIR/os2,minio=$RUN_DIR/minio"
log "ES_URL=$ES_URL OS_URL=$OS_URL S3_ENDPOINT=$S3_ENDPOINT"

log "type-checking"
npx --no-install tsc -p tsconfig.json --noEmit

log "running ${#FILES[@]} test files with Node $(node --version)"
node --import tsx --test --test-concurrency=1 --test-timeout=900000 --test-reporter=spec "${FILES[@]}" 2>&1 | tee "$RUN_DIR/tests.log"
# The AWS SDK warns on Node older than it supports; nothing here may run on one.
if grep -q NodeVersionSupportWarning "$RUN_DIR/tests.log"; then
  log "FAILED: a test printed the AWS SDK's NodeVersionSupportWarning (some code ran on an unsupported Node)"
  exit 1
fi
