#!/usr/bin/env node
// Builds the prebuilt JupyterLab extension into labextension/ with @jupyterlab/builder, against the
// JupyterLab installed in .venv (its staging package.json says which shared packages the host provides).
//
// The builder always exposes the package's `main` as a module. Ours is the Node library (worker threads,
// tslab hooks), which must never reach the browser bundle, so the build runs on a staging copy of the
// package whose `main` is the browser entry (package.json `jupyterlab.mimeExtension`).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, VENV } = require("./jupyter-env");

function corePath() {
  const lib = path.join(VENV, "lib");
  const py = fs.existsSync(lib) ? fs.readdirSync(lib).find((d) => d.startsWith("python")) : undefined;
  const staging = py && path.join(lib, py, "site-packages", "jupyterlab", "staging");
  if (!staging || !fs.existsSync(path.join(staging, "package.json"))) {
    throw new Error("JupyterLab is not installed in .venv: run ./setup.sh (it installs JupyterLab first).");
  }
  return staging;
}

function stagePackage() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const entry = pkg.jupyterlab.mimeExtension;
  if (!fs.existsSync(path.join(ROOT, entry))) {
    throw new Error(`${entry} is missing: compile the renderer first (tsc -p src/lab/tsconfig.json).`);
  }
  const stage = path.join(ROOT, "build", "labextension-pkg");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  fs.cpSync(path.join(ROOT, "lib-lab"), path.join(stage, "lib-lab"), { recursive: true });
  for (const extra of [pkg.style, pkg.styleModule].filter(Boolean)) {
    fs.cpSync(path.join(ROOT, path.dirname(extra)), path.join(stage, path.dirname(extra)), {
      recursive: true,
    });
  }
  const staged = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    keywords: pkg.keywords,
    main: entry,
    style: pkg.style,
    styleModule: pkg.styleModule,
    // Only the packages the JupyterLab host shares; the Node-side dependencies stay out of the bundle.
    dependencies: Object.fromEntries(
      Object.entries(pkg.dependencies).filter(([name]) => /^@(jupyterlab|lumino)\//.test(name)),
    ),
    jupyterlab: {
      ...pkg.jupyterlab,
      outputDir: path.relative(stage, path.join(ROOT, pkg.jupyterlab.outputDir)),
    },
  };
  fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(staged, null, 2) + "\n");
  return stage;
}

const mode = process.argv.includes("--development") ? ["--development", "True"] : [];
const builder = require.resolve("@jupyterlab/builder/lib/build-labextension.js", { paths: [ROOT] });
const result = spawnSync(process.execPath, [builder, "--core-path", corePath(), ...mode, stagePackage()], {
  cwd: ROOT,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
