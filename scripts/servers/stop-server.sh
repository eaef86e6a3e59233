#!/usr/bin/env bash
# Stop a server started by start-search-engine.sh:  scripts/servers/stop-server.sh WORKDIR
# Sends TERM, waits up to ESPQ_STOP_TIMEOUT seconds (default 30), then KILL; waits until the process is gone.
set -uo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 WORKDIR" >&2; exit 2; fi
WORKDIR=$1
PIDFILE="$WORKDIR/pid"
TIMEOUT=${ESPQ_STOP_TIMEOUT:-30}
if [ ! -f "$PIDFILE" ]; then echo "no pid file in $WORKDIR; nothing to stop" >&2; exit 0; fi
PID=$(cat "$PIDFILE")
case "$PID" in ''|*[!0-9]*) echo "bad pid file $PIDFILE" >&2; rm -f "$PIDFILE"; exit 1 ;; esac
# only signal our own servers: the search-engine launcher or MinIO (guards against pid reuse)
if ! kill -0 "$PID" 2>/dev/null || ! tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -qE 'espq.runner.SearchEngineMain|/bin/minio server '; then
  echo "process $PID is not running (or is not a search engine started by us)" >&2
  rm -f "$PIDFILE"; exit 0
fi
kill -TERM "$PID" 2>/dev/null
deadline=$((SECONDS + TIMEOUT))
while kill -0 "$PID" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "pid $PID did not stop within ${TIMEOUT}s; sending KILL" >&2
    kill -KILL "$PID" 2>/dev/null
    while kill -0 "$PID" 2>/dev/null; do sleep 0.1; done
    break
  fi
  sleep 0.1
done
rm -f "$PIDFILE"
echo "stopped pid $PID" >&2
