#!/usr/bin/env node
// `npm run notebooks [-- NOTEBOOK... --timeout S --out DIR]`: executes every notebook in notebooks/
// (or the ones named) headlessly with nbclient on the tslab-asyncio kernel; see run_notebooks.py.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, venvBin, jupyterEnv } = require("./jupyter-env");

const args = process.argv.slice(2);
const named = args.filter((a, i) => a.endsWith(".ipynb") && !["--out", "--timeout"].includes(args[i - 1]));
const options = args.filter((a) => !named.includes(a));
const dir = path.join(ROOT, "notebooks");
const notebooks = named.length
  ? named.map((n) => path.resolve(n))
  : fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => path.join(dir, f));
if (!notebooks.length) {
  console.error("No notebooks found in notebooks/.");
  process.exit(1);
}
console.log(`Executing ${notebooks.length} notebook(s) with nbclient on the tslab-asyncio kernel`);
const result = spawnSync(
  venvBin("python"),
  [
    path.join(__dirname, "run_notebooks.py"),
    "--out",
    path.join(ROOT, "build", "notebooks"),
    ...options,
    ...notebooks,
  ],
  { stdio: "inherit", env: jupyterEnv(), cwd: ROOT },
);
process.exit(result.status ?? 1);
