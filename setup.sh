#!/usr/bin/env bash
# Installs everything tslab-asyncio needs into this repository: node_modules/, lib/, .venv/ (pinned
# Jupyter stack), the "tslab-asyncio" kernelspec and the JupyterLab extension in .venv/share/jupyter.
# Idempotent: each step is skipped when its inputs have not changed since it last succeeded.
# Writes nothing outside the repository.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
STAMPS="$ROOT/.setup-stamps"
mkdir -p "$STAMPS"
START=$(date +%s.%N)

# Per-user Jupyter state goes under build/, never into ~/.jupyter or ~/.local/share/jupyter.
export JUPYTER_CONFIG_DIR="$ROOT/build/jupyter/config" JUPYTER_RUNTIME_DIR="$ROOT/build/jupyter/runtime"
export JUPYTERLAB_SETTINGS_DIR="$ROOT/build/jupyter/lab-settings" JUPYTER_PLATFORM_DIRS=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { STEP_START=$(date +%s.%N); printf '\n==> %s\n' "$1"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
done_step() { printf '    %s (%s s)\n' "$1" "$(elapsed "$STEP_START")"; }
die() { printf '\nsetup.sh: %s\n' "$1" >&2; exit 1; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }
tree_hash() { find "$@" -type f 2>/dev/null | LC_ALL=C sort | xargs -r sha256sum | sha256sum | cut -c1-16; }
fresh() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp() { echo "$2" > "$STAMPS/$1"; }

step "Checking Node.js >= 20 and Python >= 3.9"
command -v node >/dev/null || die "Node.js is not installed. Install Node.js 20 or newer (https://nodejs.org or your package manager), then re-run ./setup.sh."
command -v npm >/dev/null || die "npm is not installed. It ships with Node.js 20; install it, then re-run ./setup.sh."
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js $(node --version) is too old: tslab-asyncio needs Node.js 20 or newer."
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "$PYTHON was not found. Install Python 3.9 or newer with venv (Debian: apt-get install python3 python3-venv), or set PYTHON=/path/to/python3."
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || die "$("$PYTHON" --version 2>&1) is too old: tslab-asyncio needs Python 3.9 or newer (set PYTHON=...)."
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || die "$PYTHON lacks the venv module (Debian: apt-get install python3-venv)."
done_step "node $(node --version), npm $(npm --version 2>/dev/null), $("$PYTHON" --version 2>&1)"

step "Installing npm packages (npm ci)"
NPM_KEY=$(hash_of package-lock.json)
if fresh npm "$NPM_KEY" && [ -d node_modules/tslab ]; then
  done_step "up to date"
else
  npm ci --no-audit --no-fund
  stamp npm "$NPM_KEY"
  done_step "installed"
fi
# Notebooks in notebooks/ import "tslab-asyncio"; tslab resolves it from the notebook's folder the Node10
# way, so the package links itself into node_modules/ as a consumer's install would.
ln -sfn .. node_modules/tslab-asyncio

step "Building TypeScript (lib/, lib-lab/)"
TS_KEY=$(tree_hash src package.json tsconfig.base.json tsconfig.json)
if fresh ts "$TS_KEY" && [ -f lib/index.js ] && [ -f lib-lab/lab/index.js ]; then
  done_step "up to date"
else
  npx tsc -p tsconfig.json
  npx tsc -p src/lab/tsconfig.json
  stamp ts "$TS_KEY"
  done_step "compiled"
fi

step "Creating .venv with the pinned Jupyter stack (jupyter-config/requirements.txt)"
PY_KEY="$(hash_of jupyter-config/requirements.txt)-$("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"
if fresh venv "$PY_KEY" && [ -x .venv/bin/jupyter-lab ]; then
  done_step "up to date"
else
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --requirement jupyter-config/requirements.txt
  stamp venv "$PY_KEY"
  done_step "installed $(.venv/bin/jupyter-lab --version 2>/dev/null | sed 's/^/JupyterLab /')"
fi

step "Building the JupyterLab extension (labextension/)"
LAB_KEY="$(tree_hash lib-lab src/lab package.json)-$(hash_of jupyter-config/requirements.txt)"
if fresh lab "$LAB_KEY" && [ -f labextension/package.json ]; then
  done_step "up to date"
else
  node scripts/build-labextension.js >"$STAMPS/labextension-build.log" 2>&1 \
    || { cat "$STAMPS/labextension-build.log"; die "the labextension build failed (log above)."; }
  stamp lab "$LAB_KEY"
  done_step "built"
fi

step "Installing the kernelspecs and the labextension into .venv/share/jupyter"
node bin/tslab-asyncio.js install --prefix .venv --python .venv/bin/python
node scripts/install-anchor-kernel.js
done_step "done"

step "Checking the installation"
.venv/bin/jupyter kernelspec list | grep ' tslab-asyncio ' >/dev/null || die "jupyter kernelspec list does not show tslab-asyncio."
LABEXT=$(.venv/bin/jupyter labextension list 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
echo "$LABEXT" | grep -E 'tslab-asyncio v[0-9.]+ enabled.*OK' >/dev/null \
  || { echo "$LABEXT"; die "jupyter labextension list does not show tslab-asyncio enabled and OK."; }
command -v chromium >/dev/null || echo "    note: Debian's chromium is not installed; browser tests will be skipped (apt-get install chromium)."
done_step "kernelspec tslab-asyncio and labextension tslab-asyncio are installed"

printf '\nsetup.sh finished in %s s. Next: npm run notebooks, npm test, npm run lab.\n' "$(elapsed "$START")"
