// Where the bytes of one task go: V8's sampling heap profiler over 100,000 createTask(() => trivial(i)) +
// gather (the tasks benchmark's batch), counting objects the collector already freed too, grouped by the
// allocating function and its caller. Not part of `npm run bench`; a tool for work on the task path.
// Usage: node bench/task-allocations.js [off|rec|raw] [--no-turbo-inlining]
//   off: no recorder; rec: a TaskLog records; raw: async functions + Promise.all.
// Pass --no-turbo-inlining to node (before the script) to see inlined helpers under their own names.
"use strict";
const inspector = require("node:inspector");
const path = require("node:path");

const mode = process.argv[2] ?? "rec";
const asyncio = require(path.join(__dirname, "..", "lib", "asyncio"));
const { taskBatches } = require("./task-batches");
const N = 100_000;

const { rawBatch, oursBatch } = taskBatches(asyncio);

async function main() {
  if (!["off", "rec", "raw"].includes(mode)) {
    throw new Error(`unknown mode ${JSON.stringify(mode)}: use off, rec or raw`);
  }
  const batch = mode === "raw" ? rawBatch : oursBatch;
  const log = mode === "rec" ? new asyncio.TaskLog().start() : undefined;
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  for (let k = 0; k < 3; k++) await batch(10_000);
  await post("HeapProfiler.startSampling", {
    samplingInterval: 128,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await batch(N);
  const { profile } = await post("HeapProfiler.stopSampling");
  log?.stop();
  session.disconnect();
  const frame = (node) => {
    const f = node.callFrame;
    return `${f.functionName || "(anonymous)"} ${path.basename(f.url) || "(native)"}:${f.lineNumber + 1}`;
  };
  const bytes = new Map();
  let total = 0;
  const walk = (node, caller) => {
    total += node.selfSize;
    const key = `${caller} > ${frame(node)}`;
    if (node.selfSize > 0) bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, frame(node));
  };
  walk(profile.head, "");
  console.log(`${mode}: ${(total / N).toFixed(0)} bytes allocated per task (sampled), by caller > function:`);
  for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    if (size / N >= 1) console.log(`  ${(size / N).toFixed(1).padStart(7)}  ${key}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
