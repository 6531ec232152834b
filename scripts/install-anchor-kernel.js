#!/usr/bin/env node
// Registers plain tslab (no tslab-asyncio module) as the kernelspec "tslab-plain" in .venv: the anchor the
// benchmarks and comparison tests measure against, in the same run.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, VENV } = require("./jupyter-env");

const dir = path.join(VENV, "share", "jupyter", "kernels", "tslab-plain");
const tslab = path.join(ROOT, "node_modules", "tslab", "bin", "tslab");
if (!fs.existsSync(tslab)) throw new Error(`${tslab} is missing: run npm ci first.`);
fs.mkdirSync(dir, { recursive: true });
const spec = {
  argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
  display_name: "TypeScript (plain tslab, benchmark anchor)",
  language: "typescript",
};
const file = path.join(dir, "kernel.json");
const text = JSON.stringify(spec, null, 2) + "\n";
if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
console.log(`Installed kernelspec tslab-plain in ${dir}`);
