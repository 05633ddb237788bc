#!/usr/bin/env bash
# Runs a command with the AWS APIs up: starts them if needed, stops what it started, also on failure.
set -euo pipefail
here="$(dirname "$0")"
source "$here/common.sh"
"$here/start.sh"
trap '"$here/stop.sh"' EXIT INT TERM
# shellcheck disable=SC1091
source "$TP_RUN/env"
"$@"
