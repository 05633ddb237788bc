# Shared settings of the LocalStack scripts (sourced). Every value can be overridden from the environment.
TP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TP_CACHE="${TWINPLANE_CACHE:-$HOME/.cache/twinplane}"
TP_RUN="${TWINPLANE_RUN_DIR:-$TP_ROOT/.cache/localstack}"
LOCALSTACK_ENDPOINT="${AWS_ENDPOINT_URL:-http://127.0.0.1:4566}"
MOTO_PORT="${TWINPLANE_MOTO_PORT:-4567}"
UV_VERSION="0.13.9"
mkdir -p "$TP_RUN" "$TP_CACHE"

log() { printf 'localstack: %s\n' "$*" >&2; }

answers() { curl -fsS --max-time 2 "$1" >/dev/null 2>&1; }

# A virtualenv per pinned requirements file, keyed by its hash, so a changed pin builds a new one.
ensure_venv() {
  local name="$1" requirements="$2"
  local hash
  hash="$(sha256sum "$requirements" | cut -c1-12)"
  local venv="$TP_CACHE/$name-$hash"
  if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
    log "installing $name into $venv (pinned: $(basename "$requirements"))"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
    VIRTUAL_ENV="$venv" "$venv/bin/uv" pip install -q --python "$venv/bin/python" -r "$requirements"
    touch "$venv/.complete"
  fi
  printf '%s\n' "$venv"
}
