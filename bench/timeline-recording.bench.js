// Timeline recording benchmark: what measuring "running" (each task step, through V8's promise hooks) costs.
//   timeline.recording_overhead_ratio   tasks awaiting native promises (timers resolved at once, plain
//                                       resolved promises), recordTimeline() on ÷ off, same process and run
//   tasks.timeline_recorded_us_per_task 100,000 createTask + gather while recordTimeline() records
// Each side runs in its own child process (bench/timeline-recording-child.js) so JIT state is not shared;
// medians of several runs are reported beside the best.
"use strict";
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function child(root, mode) {
  const out = execFileSync(
    process.execPath,
    // --expose-gc: the child collects between runs, so one run's garbage is not the next run's cost.
    ["--expose-gc", path.join(__dirname, "timeline-recording-child.js"), mode, root],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(out.trim().split("\n").pop());
}

async function run({ root }) {
  const off = child(root, "native-off");
  const on = child(root, "native-on");
  const plain = child(root, "tasks-off");
  const rec = child(root, "tasks-rec");
  const metrics = {
    "timeline.recording_overhead_ratio": round(on.median / off.median, 2),
    "tasks.timeline_recorded_us_per_task": round(rec.median),
    // The same runs' best, and medians said outright beside it; the library without recording, same way.
    "tasks.timeline_recorded_us_per_task_median": round(rec.median),
    "tasks.timeline_recorded_us_per_task_best": round(rec.best),
    "tasks.timeline_unrecorded_us_per_task_median": round(plain.median),
    "tasks.timeline_unrecorded_us_per_task_best": round(plain.best),
    // What stop() takes to build the picture of the same runs, µs per task (not inside the figures above).
    "tasks.timeline_stop_us_per_task_median": round(rec.stopMedian),
    "tasks.timeline_stop_us_per_task_best": round(rec.stopBest),
    "timeline.recording_overhead_ratio_best": round(on.best / off.best, 2),
    // CPU time of the child process per task (its GC threads included), median of the same runs.
    "tasks.timeline_recorded_cpu_us_per_task_median": round(rec.cpuMedian),
    "tasks.timeline_unrecorded_cpu_us_per_task_median": round(plain.cpuMedian),
  };
  // Each measured step reads the clock twice: what one read costs here bounds what recording can cost.
  const { performance } = require("node:perf_hooks");
  let sink = 0;
  const reads = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < reads; i++) sink += performance.now();
  const clockNs = ((performance.now() - t0) * 1e6) / reads + (sink > 0 ? 0 : 1);
  const lines = [
    `one performance.now() read here: ${round(clockNs, 0)} ns (a recorded trivial task reads it about 4 times)`,
    `tasks awaiting native promises, µs per task, median of ${on.runs} (best in brackets):`,
    `  recordTimeline() on:  ${round(on.median)} (${round(on.best)})`,
    `  off:                  ${round(off.median)} (${round(off.best)})  → ratio ${metrics["timeline.recording_overhead_ratio"]} (best ${round(on.best / off.best, 2)})`,
    `100,000 createTask + gather, µs per task, median of ${rec.runs} (best in brackets):`,
    `  recordTimeline() on:  ${round(rec.median)} (${round(rec.best)}) goal ≤ 1.0`,
    `  no recording:         ${round(plain.median)} (${round(plain.best)})`,
    `  steps measured per task while recording: ${round(rec.stepsPerTask, 2)}`,
    `  stop() building the picture afterwards:  ${round(rec.stopMedian)} (${round(rec.stopBest)}) µs per task`,
  ];
  return { metrics, lines };
}

module.exports = { run };
