#!/usr/bin/env node
// `npm run lab [-- jupyter-lab options]`: JupyterLab from .venv on notebooks/, bound to 127.0.0.1.
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");
const { ROOT, venvBin, jupyterEnv } = require("./jupyter-env");

const child = spawn(
  venvBin("jupyter-lab"),
  [
    "--ip=127.0.0.1",
    "--no-browser",
    `--ServerApp.root_dir=${path.join(ROOT, "notebooks")}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env: jupyterEnv(), cwd: ROOT },
);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
