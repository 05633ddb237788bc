#!/usr/bin/env bash
# Installs NSD, the real secondary DNS server the zone transfer tests run against, from Debian's
# packages. Idempotent: does nothing when nsd is already installed. Needs root (CI runs as root).
set -euo pipefail
if command -v nsd >/dev/null 2>&1 || [ -x /usr/sbin/nsd ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-secondary: nsd is missing; run as root: apt-get install -y nsd" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends nsd >/dev/null
# The package may start a system nsd on port 53; the tests run their own on loopback ports.
if command -v service >/dev/null 2>&1; then service nsd stop >/dev/null 2>&1 || true; fi
command -v nsd >/dev/null 2>&1 || [ -x /usr/sbin/nsd ]
