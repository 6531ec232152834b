#!/usr/bin/env node
// Runs every bench/*.bench.js in one process, one after another, and prints each metric beside its anchor.
// A bench module exports `async run(ctx)` returning `{ metrics: { "area.name": number }, lines: string[] }`.
// `npm run bench -- --json FILE` also writes the flat metrics object; `--only NAME` runs matching files.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && !jsonFile)
    throw new Error("--json needs a file name, e.g. npm run bench -- --json bench.json");
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const root = path.resolve(__dirname, "..");
  if (!fs.existsSync(path.join(root, "lib", "index.js"))) {
    throw new Error("lib/ is missing: run ./setup.sh (or npm run build) before npm run bench.");
  }
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.js") && (!only || f.includes(only)))
    .sort();
  const metrics = {};
  for (const file of files) {
    const started = Date.now();
    console.log(`\n== ${file}`);
    const result = await require(path.join(__dirname, file)).run({ root });
    for (const line of result.lines ?? []) console.log(`  ${line}`);
    Object.assign(metrics, result.metrics);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log("\n== metrics");
  for (const [k, v] of Object.entries(metrics)) console.log(`  ${k.padEnd(44)} ${v}`);
  if (jsonFile) {
    fs.writeFileSync(jsonFile, JSON.stringify(metrics, null, 2) + "\n");
    console.log(`\nwrote ${jsonFile}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
