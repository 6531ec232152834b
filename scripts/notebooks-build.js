#!/usr/bin/env node
// `npm run notebooks:build [-- NAME... --check]`: rebuilds notebooks/*.ipynb from notebooks/src/*.md and
// executes them on the tslab-asyncio kernel so they are committed with real outputs (build_notebooks.py).
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { ROOT, venvBin, jupyterEnv } = require("./jupyter-env");

const args = process.argv.slice(2);
const flags = args.includes("--check") ? args : ["--execute", ...args];
const result = spawnSync(venvBin("python"), [path.join(__dirname, "build_notebooks.py"), ...flags], {
  stdio: "inherit",
  env: jupyterEnv(),
  cwd: ROOT,
});
process.exit(result.status ?? 1);
