#!/usr/bin/env bash
# Runs a command with the AWS APIs up. Starts them when nothing answers and then stops them afterwards,
# also on failure; APIs that were already running (CI's, a Docker LocalStack) are left running.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
before="$(ls "$TP_RUN"/*.pid 2>/dev/null || true)"
"$here/start.sh"
after="$(ls "$TP_RUN"/*.pid 2>/dev/null || true)"
if [ "$before" != "$after" ]; then trap '"$here/stop.sh"' EXIT INT TERM; fi
# shellcheck disable=SC1091
source "$TP_RUN/env"
"$@"
