#!/usr/bin/env bash
# Start a real MinIO S3 server for integration tests.
#
#   scripts/servers/start-minio.sh PORT WORKDIR     -> prints http://127.0.0.1:PORT
#
# * Installs MinIO once (go-install-cached.sh): go install github.com/minio/minio@$ESPQ_MINIO_VERSION
#   into ${ESPQ_CACHE:-<repo>/.cache}/bin; warm cache (binary present) = no build.
# * Listens on 127.0.0.1:PORT only; web console disabled (MINIO_BROWSER=off).
# * Data in WORKDIR/data, pid in WORKDIR/pid, log in WORKDIR/minio.log.
# * Root credentials: minioadmin / minioadmin.
# * Region: MINIO_SITE_REGION (default us-east-1) so SigV4 region is enforced.
# * Waits for /minio/health/ready (polling, ESPQ_MINIO_TIMEOUT seconds, default
#   60); on timeout prints the log tail to stderr and exits 1.
# Stop with: scripts/servers/stop-server.sh WORKDIR
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 PORT WORKDIR" >&2
  exit 2
fi
PORT="$1"
WORKDIR="$2"
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "start-minio: PORT must be numeric, got '$PORT'" >&2; exit 2; }

# Module version for `go install`. @latest builds with go1.26 (checked
# 2026-02: resolves to v0.0.0-20260212201848-7aac2a2c5b7c).
MINIO_VERSION="${ESPQ_MINIO_VERSION:-latest}"
TIMEOUT="${ESPQ_MINIO_TIMEOUT:-60}"

BIN="$("$(dirname "${BASH_SOURCE[0]}")/go-install-cached.sh" github.com/minio/minio "$MINIO_VERSION")"

mkdir -p "$WORKDIR/data"
WORKDIR="$(cd "$WORKDIR" && pwd)"
PIDFILE="$WORKDIR/pid"
LOG="$WORKDIR/minio.log"

if [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "start-minio: a server is already running for $WORKDIR (pid $(cat "$PIDFILE")); stop it first with scripts/servers/stop-server.sh $WORKDIR" >&2
  exit 1
fi

ENDPOINT="http://127.0.0.1:$PORT"
if curl -s -o /dev/null --max-time 1 "$ENDPOINT/" 2>/dev/null; then
  echo "start-minio: something already listens on 127.0.0.1:$PORT" >&2
  exit 1
fi

: >"$LOG"
# setsid: detach from the caller's process group/terminal so the server
# outlives this script and is only stopped via its pid.
MINIO_ROOT_USER=minioadmin \
MINIO_ROOT_PASSWORD=minioadmin \
MINIO_BROWSER=off \
MINIO_UPDATE=off \
MINIO_SITE_REGION="${MINIO_SITE_REGION:-us-east-1}" \
  setsid "$BIN" server --anonymous --address "127.0.0.1:$PORT" "$WORKDIR/data" \
    >>"$LOG" 2>&1 </dev/null &
PID=$!
echo "$PID" >"$PIDFILE"

deadline=$((SECONDS + TIMEOUT))
until curl -fs -o /dev/null --max-time 2 "$ENDPOINT/minio/health/ready"; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "start-minio: minio (pid $PID) exited during startup; log tail:" >&2
    tail -n 40 "$LOG" >&2 || true
    rm -f "$PIDFILE"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "start-minio: not ready after ${TIMEOUT}s at $ENDPOINT; log tail:" >&2
    tail -n 40 "$LOG" >&2 || true
    kill -TERM "$PID" 2>/dev/null || true
    rm -f "$PIDFILE"
    exit 1
  fi
  sleep 0.2
done

echo "$ENDPOINT"
