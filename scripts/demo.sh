#!/usr/bin/env bash
# The README's first command (`npm run demo`): on a fresh machine, installs what
# it needs, starts a local Elasticsearch 8 and a local S3 (MinIO), loads
# generated log documents, runs `sync` into Snappy Parquet, then prints the
# Athena DDL and a GROUP BY query over the files run with DuckDB.
#   DEMO_DOCS=200000 npm run demo      # more documents (default 50000)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
export ESPQ_CACHE=${ESPQ_CACHE:-$REPO/.cache}
. scripts/node-env.sh  # Node 24 (downloaded into the cache when the system Node is older)
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/espq-demo.XXXXXX")
log() { echo "[demo] $*" >&2; }
cleanup() {
  for dir in "$RUN_DIR/es8" "$RUN_DIR/minio"; do
    [ -f "$dir/pid" ] && bash scripts/servers/stop-server.sh "$dir" >/dev/null 2>&1 || true
  done
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT INT TERM

[ -d node_modules ] || { log "installing npm dependencies"; npm ci --no-audit --no-fund >&2; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
ES_PORT=$(free_port); S3_PORT=$(free_port)
mkdir -p "$RUN_DIR/es8" "$RUN_DIR/minio"
log "starting Elasticsearch 8 and MinIO (the first run downloads and builds them; later runs take seconds)"
bash scripts/servers/start-search-engine.sh es8 "$ES_PORT" "$RUN_DIR/es8" >"$RUN_DIR/es8.url" 2>"$RUN_DIR/es8.err" & ES_JOB=$!
bash scripts/servers/start-minio.sh "$S3_PORT" "$RUN_DIR/minio" >"$RUN_DIR/minio.url" 2>"$RUN_DIR/minio.err" & S3_JOB=$!
wait "$ES_JOB" || { tail -n 30 "$RUN_DIR/es8.err" >&2; exit 1; }
wait "$S3_JOB" || { tail -n 30 "$RUN_DIR/minio.err" >&2; exit 1; }
node --import tsx scripts/demo/run-demo.ts --es "$(cat "$RUN_DIR/es8.url")" --s3 "$(cat "$RUN_DIR/minio.url")" --docs "${DEMO_DOCS:-50000}" --work "$RUN_DIR"
