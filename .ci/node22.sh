# Sourced by .ci/run: puts Node >= 22 on PATH. When the machine's Node is older, installs the `node@22`
# package from the npm registry into a cache directory (reused on later runs) and prepends it to PATH.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  cache="${TWINPLANE_CACHE:-$HOME/.cache/twinplane}/node22"
  if [ ! -x "$cache/node_modules/node/bin/node" ]; then
    echo "ci: installing Node 22 from the npm registry into $cache"
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-audit --no-fund node@22 >/dev/null
  fi
  export PATH="$cache/node_modules/node/bin:$PATH"
fi
echo "ci: node $(node --version), npm $(npm --version)"
