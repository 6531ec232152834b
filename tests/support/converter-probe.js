// Runs a list of converter requests against tslab's converter, in this process, and prints the answers as
// one JSON line. Used by tests/kernel/direct-programs.test.ts, once with TypeScript's own builder and once
// with the compile worker's direct programs (argv[2] = "direct"), to show both answer alike.
// Usage: node converter-probe.js <builder|direct> <root of the repository> <cwd> < requests.json
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [mode, root, cwd] = process.argv.slice(2);
const tslabRoot = path.dirname(require.resolve("tslab/package.json", { paths: [root] }));
const { tslabTypeScriptId } = require(path.join(root, "lib", "kernel", "source.js"));
const tsId = tslabTypeScriptId(tslabRoot);
const ts = require(tsId);
let used = false;
if (mode === "direct") {
  used = require(path.join(root, "lib", "kernel", "compiler", "direct-programs.js")).useDirectPrograms(
    ts,
    tsId,
  );
}
process.chdir(cwd);
const converter = require(path.join(tslabRoot, "dist", "converter.js")).createConverter({
  isJS: false,
  isBrowser: false,
});
const { printQuickInfo } = require(path.join(tslabRoot, "dist", "inspect.js"));
const requests = JSON.parse(fs.readFileSync(0, "utf8"));
let prevDecl = "";
const answers = [];
for (const r of requests) {
  if (r.op === "write") {
    fs.writeFileSync(path.join(cwd, r.file), r.src);
    answers.push(null);
  } else if (r.op === "module") {
    answers.push(converter.addModule(r.name, r.src, { module: r.name }).map((d) => d.messageText));
  } else if (r.op === "convert") {
    const out = converter.convert(prevDecl, r.src);
    if (out.diagnostics.length === 0) prevDecl = out.declOutput ?? prevDecl;
    answers.push({
      output: out.output,
      declOutput: out.declOutput,
      diagnostics: out.diagnostics.map((d) => [
        d.start.line,
        d.start.character,
        String(d.messageText),
        d.fileName ?? null,
      ]),
      sideOutputs: out.sideOutputs ?? [],
      lastExpressionVar: out.lastExpressionVar ?? null,
    });
  } else if (r.op === "complete") {
    const c = converter.complete(prevDecl, r.src, r.position);
    answers.push({ start: c.start, end: c.end, candidates: c.candidates.slice(0, 40) });
  } else if (r.op === "inspect") {
    const info = converter.inspect(prevDecl, r.src, r.position);
    answers.push(info ? printQuickInfo(info) : null);
  }
}
process.stdout.write(JSON.stringify({ used, answers }) + "\n");
process.exit(0);
