// Child process of timeline-recording.bench.js: one measurement per process, prints one JSON line.
// Usage: node bench/timeline-recording-child.js <native-off|native-on|tasks-off|tasks-rec> <root>
"use strict";
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { setImmediate } = require("node:timers");

const [mode, root] = process.argv.slice(2);
const asyncio = require(path.join(root, "lib", "asyncio"));
const { taskBatches } = require("./task-batches");
const { recordTimeline } = require(path.join(root, "lib", "kernel", "timeline"));

const RUNS = 7;

/** A task that awaits native promises: a timer that fires at once and a few resolved promises. */
async function nativeWork(i) {
  await new Promise((resolve) => setImmediate(resolve));
  let x = i;
  for (let k = 0; k < 4; k++) x += await Promise.resolve(k);
  return x;
}

function nativeBatch(n) {
  const tasks = new Array(n);
  for (let i = 0; i < n; i++) tasks[i] = asyncio.createTask(() => nativeWork(i));
  return asyncio.gather(...tasks);
}

const { oursBatch: tasksBatch } = taskBatches(asyncio);

/** One measured run: µs (wall and CPU) per task of `batch(n)`, in a fresh recording when `recording`. */
async function once(batch, n, recording) {
  const rec = recording ? recordTimeline({ lagSampleMs: 0 }) : undefined;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const results = await batch(n);
  const us = ((performance.now() - start) * 1000) / n;
  const used = process.cpuUsage(cpuStart);
  if (results.length !== n) throw new Error("wrong result count");
  // stop() builds the picture: timed on its own, after the measured run, so `us` stays what it was.
  const stopStart = performance.now();
  const steps = rec ? rec.stop().payload.segments.dur.length / n : 0;
  const stopUs = ((performance.now() - stopStart) * 1000) / n;
  return { us, cpu: (used.user + used.system) / n, steps, stopUs };
}

/** µs per task of `batch(n)`, each run in a fresh recording when `recording` (as a user would record). */
async function measure(batch, n, recording) {
  for (let k = 0; k < 3; k++) await once(batch, Math.min(n, 10_000), recording);
  const samples = [];
  // CPU time of this process per task (µs) beside wall time: less disturbed by other processes.
  const cpu = [];
  const stops = [];
  let steps = 0;
  for (let k = 0; k < RUNS; k++) {
    const run = await once(batch, n, recording);
    samples.push(run.us);
    cpu.push(run.cpu);
    stops.push(run.stopUs);
    steps = run.steps;
    // Collected here, once the run's recording and results are unreachable: the next run does not pay for
    // this one's garbage (a previous picture held during the collection made the next run's heap 11 MB
    // larger and put a ~45 ms full collection inside it).
    global.gc?.();
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  stops.sort((a, b) => a - b);
  return {
    stopBest: stops[0],
    stopMedian: stops[RUNS >> 1],
    best: samples[0],
    median: samples[RUNS >> 1],
    cpuBest: cpu[0],
    cpuMedian: cpu[RUNS >> 1],
    runs: RUNS,
    stepsPerTask: steps,
  };
}

async function main() {
  let out;
  if (mode === "native-off") out = await measure(nativeBatch, 20_000, false);
  else if (mode === "native-on") out = await measure(nativeBatch, 20_000, true);
  else if (mode === "tasks-off") out = await measure(tasksBatch, 100_000, false);
  else if (mode === "tasks-rec") out = await measure(tasksBatch, 100_000, true);
  else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
