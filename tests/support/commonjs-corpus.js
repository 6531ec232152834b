// Runs cells through tslab's converter, in this process, and prints every input of the converter's
// ES-module-to-CommonJS pass (`ts.transpileModule` with `fileName: "custom.js"`) with its options, as one
// JSON line; each input names
// the index of the cell it came from. Used by tests/unit/kernel/commonjs-fast.test.ts to compare the compile worker's spliced
// conversion with TypeScript's on what the converter really emits.
// Usage: node commonjs-corpus.js <root of the repository> < cells.json   (cells: an array of strings)
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [root] = process.argv.slice(2);
const tslabRoot = path.dirname(require.resolve("tslab/package.json", { paths: [root] }));
const tsId = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] });
const ts = require(tsId);
const captured = [];
// tslab reads TypeScript through this module's exports (read-only getters): give it a copy that records.
const copy = { ...ts };
let cell = -1;
copy.transpileModule = (input, options) => {
  if (options && options.fileName === "custom.js") captured.push({ cell, input, options });
  return ts.transpileModule(input, options);
};
require.cache[tsId].exports = copy;
const converter = require(path.join(tslabRoot, "dist", "converter.js")).createConverter({
  isJS: false,
  isBrowser: false,
});
const cells = JSON.parse(fs.readFileSync(0, "utf8"));
let prevDecl = "";
let failed = 0;
for (const [i, src] of cells.entries()) {
  cell = i;
  try {
    const out = converter.convert(prevDecl, src);
    if (out.diagnostics.length === 0 && out.declOutput !== undefined) prevDecl = out.declOutput;
  } catch {
    failed += 1;
  }
}
// The watch program keeps timers alive; pipes are written synchronously on Linux, so exit at once.
process.stdout.write(JSON.stringify({ captured, failed }) + "\n", () => process.exit(0));
