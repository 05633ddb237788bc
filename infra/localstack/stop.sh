#!/usr/bin/env bash
# Stops what start.sh started (never a LocalStack it found already running).
set -uo pipefail
source "$(dirname "$0")/common.sh"
for name in localstack moto; do
  pidfile="$TP_RUN/$name.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
rm -f "$TP_RUN/env"
