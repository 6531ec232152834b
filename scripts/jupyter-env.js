// The environment every Jupyter process we start gets: .venv first on PATH, and every per-user Jupyter
// directory redirected under build/jupyter/ so nothing is written to ~/.local/share/jupyter or ~/.jupyter.
// The kernelspec and labextension live in .venv/share/jupyter, which Jupyter searches as sys.prefix.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const VENV = path.join(ROOT, ".venv");

/** Absolute path of a program in .venv/bin, with a clear error when setup has not run. */
function venvBin(name) {
  const p = path.join(VENV, "bin", name);
  if (!fs.existsSync(p)) {
    throw new Error(
      `${p} is missing: run ./setup.sh first (it creates .venv with the pinned Jupyter stack).`,
    );
  }
  return p;
}

/** Environment for Jupyter child processes; `extra` overrides. */
function jupyterEnv(extra = {}) {
  const state = path.join(ROOT, "build", "jupyter");
  const dirs = {
    JUPYTER_CONFIG_DIR: path.join(state, "config"),
    JUPYTER_RUNTIME_DIR: path.join(state, "runtime"),
    JUPYTERLAB_SETTINGS_DIR: path.join(state, "lab-settings"),
    JUPYTERLAB_WORKSPACES_DIR: path.join(state, "lab-workspaces"),
    IPYTHONDIR: path.join(state, "ipython"),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return {
    ...process.env,
    ...dirs,
    JUPYTER_PLATFORM_DIRS: "1",
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    PATH: [path.join(VENV, "bin"), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    ...extra,
  };
}

module.exports = { ROOT, VENV, venvBin, jupyterEnv };
