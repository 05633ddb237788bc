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

# A Python of at least 3.$1: TWINPLANE_PYTHON, then python3.13/3.12/python3 on PATH, then pyenv's versions.
find_python() {
  local minor="$1" candidate
  for candidate in "${TWINPLANE_PYTHON:-}" python3.13 python3.12 python3 \
    "$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -V | tail -n 1)"; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if "$candidate" -c "import sys; sys.exit(0 if sys.version_info >= (3, $minor) else 1)" 2>/dev/null; then
      command -v "$candidate" 2>/dev/null || printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# A virtualenv per pinned requirements file, keyed by its hash, so a changed pin builds a new one.
# $3 is the lowest Python 3 minor version the package runs on.
ensure_venv() {
  local name="$1" requirements="$2" minor="${3:-10}"
  local hash python
  hash="$(sha256sum "$requirements" | cut -c1-12)"
  local venv="$TP_CACHE/$name-$hash"
  if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
    python="$(find_python "$minor")" || {
      log "$name needs Python 3.$minor or newer; none found (set TWINPLANE_PYTHON, or run LocalStack in Docker and set AWS_ENDPOINT_URL)"
      return 1
    }
    log "installing $name into $venv with $python (pinned: $(basename "$requirements"))"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
    VIRTUAL_ENV="$venv" "$venv/bin/uv" pip install -q --python "$venv/bin/python" -r "$requirements"
    touch "$venv/.complete"
  fi
  printf '%s\n' "$venv"
}
