// Child process of tasks.bench.js: one measurement per process, so JIT state and RSS are not shared.
// Usage: node bench/tasks-child.js <mode> <root>, prints one JSON line.
//   speed-raw | speed-ours | speed-rec | speed-rec-promise
//                                        µs per task for N = 100,000 (best and median of 5 after warm-up)
//   rss-raw | rss-rec | rss-rec-promise  RSS growth holding N tasks and their results
//   executor                             pool start-up and warm round trip
"use strict";
const path = require("node:path");
const { performance } = require("node:perf_hooks");

const [mode, root] = process.argv.slice(2);
const asyncio = require(path.join(root, "lib", "asyncio"));
const { taskBatches } = require("./task-batches");
const N = 100_000;

const { rawBatch, oursBatch, oursPromiseBatch } = taskBatches(asyncio);

async function speed(batch) {
  for (let k = 0; k < 3; k++) await batch(10_000);
  const samples = [];
  const cpu = [];
  for (let k = 0; k < 5; k++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const results = await batch(N);
    samples.push(((performance.now() - start) * 1000) / N);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / N);
    if (results.length !== N) throw new Error("wrong result count");
  }
  // Best of 5, like Python's timeit: the machine is shared, and noise only ever adds time. CPU time (this
  // process's, µs per task) beside it is less disturbed by other processes on the machine.
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { us: samples[0], median: samples[2], cpuBest: cpu[0], cpuMedian: cpu[2] };
}

async function rss(batch) {
  await batch(1000);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const results = await batch(N);
  const after = process.memoryUsage().rss;
  return { grown: after - before, rss: after, kept: results.length };
}

async function executor() {
  let start = performance.now();
  const pool = new asyncio.ThreadPoolExecutor({ maxWorkers: 1 });
  await pool.submit((x) => x, 0);
  const startupMs = performance.now() - start;
  for (let i = 0; i < 50; i++) await pool.submit((x) => x + 1, i);
  const calls = 500;
  start = performance.now();
  for (let i = 0; i < calls; i++) await pool.submit((x) => x + 1, i);
  const warmUs = ((performance.now() - start) * 1000) / calls;
  await pool.shutdown();
  asyncio.runSync((x) => x, 0);
  start = performance.now();
  for (let i = 0; i < calls; i++) asyncio.runSync((x) => x + 1, i);
  const runSyncUs = ((performance.now() - start) * 1000) / calls;
  return { startupMs, warmUs, runSyncUs };
}

async function main() {
  let out;
  if (mode === "speed-raw") out = await speed(rawBatch);
  else if (mode === "speed-ours") out = await speed(oursBatch);
  else if (mode === "speed-rec") {
    const log = new asyncio.TaskLog().start();
    out = await speed(oursBatch);
    log.stop();
  } else if (mode === "speed-rec-promise") {
    const log = new asyncio.TaskLog().start();
    out = await speed(oursPromiseBatch);
    log.stop();
  } else if (mode === "rss-rec-promise") {
    const log = new asyncio.TaskLog().start();
    out = await rss(oursPromiseBatch);
    log.stop();
  } else if (mode === "rss-raw") out = await rss(rawBatch);
  else if (mode === "rss-rec") {
    const log = new asyncio.TaskLog().start();
    out = await rss(oursBatch);
    log.stop();
    out.recordBytesPerTask = log.byteLength / log.size;
  } else if (mode === "executor") out = await executor();
  else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
