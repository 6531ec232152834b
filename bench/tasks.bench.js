// Tasks benchmark: N = 100,000 createTask(() => trivial(i)) + gather with recording on (a TaskLog), plus the
// promise form createTask(trivial(i)) that mirrors Python's create_task(coro()) literally,
// beside raw async functions + Promise.all and CPython's asyncio.gather in the same run; memory against raw;
// and the executor's pool start-up and warm round trip. Every measurement runs in its own child process so
// JIT state and RSS are not shared.
"use strict";
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function child(root, mode) {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", path.join(__dirname, "tasks-child.js"), mode, root],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(out.trim().split("\n").pop());
}

function medianOf3(measure) {
  const runs = [measure(), measure(), measure()].sort((x, y) => x.rss - y.rss);
  return runs[1];
}

function cpython() {
  try {
    const out = execFileSync("python3", [path.join(__dirname, "tasks-cpython.py"), "100000"], {
      encoding: "utf8",
    });
    return JSON.parse(out.trim().split("\n").pop());
  } catch (e) {
    return { us: NaN, version: `unavailable (${e.message.split("\n")[0]})` };
  }
}

async function run({ root }) {
  const raw = child(root, "speed-raw");
  const ours = child(root, "speed-ours");
  const rec = child(root, "speed-rec");
  const recPromise = child(root, "speed-rec-promise");
  const py = cpython();
  // RSS depends on when the collector ran: the median of three processes each.
  const rssRaw = medianOf3(() => child(root, "rss-raw"));
  const rssRec = medianOf3(() => child(root, "rss-rec"));
  const rssRecPromise = medianOf3(() => child(root, "rss-rec-promise"));
  const exec = child(root, "executor");
  const metrics = {
    "tasks.instrumented_us_per_task": round(rec.us, 3),
    "tasks.uninstrumented_us_per_task": round(ours.us, 3),
    "tasks.instrumented_promise_form_us_per_task": round(recPromise.us, 3),
    "tasks.raw_us_per_task": round(raw.us, 3),
    "tasks.cpython_us_per_task": round(py.us, 3),
    "tasks.rss_ratio_vs_raw": round(rssRec.rss / rssRaw.rss, 3),
    "tasks.rss_ratio_vs_raw_promise_form": round(rssRecPromise.rss / rssRaw.rss, 3),
    "tasks.record_bytes_per_task": round(rssRec.recordBytesPerTask, 1),
    // Medians of the same 5 runs beside the best-of figures above (the machine is shared: best-of hides load).
    "tasks.instrumented_us_per_task_median": round(rec.median, 3),
    "tasks.uninstrumented_us_per_task_median": round(ours.median, 3),
    "tasks.instrumented_promise_form_us_per_task_median": round(recPromise.median, 3),
    "tasks.raw_us_per_task_median": round(raw.median, 3),
    "tasks.cpython_us_per_task_median": round(py.median, 3),
    "tasks.cpython_speedup": round(py.us / rec.us, 2),
    "tasks.cpython_speedup_median": round(py.median / rec.median, 2),
    // CPU time of the child process per task (its GC threads included), median of the same runs.
    "tasks.instrumented_cpu_us_per_task_median": round(rec.cpuMedian, 3),
    "tasks.uninstrumented_cpu_us_per_task_median": round(ours.cpuMedian, 3),
    "tasks.raw_cpu_us_per_task_median": round(raw.cpuMedian, 3),
    "executor.pool_startup_ms": round(exec.startupMs, 1),
    "executor.warm_roundtrip_us": round(exec.warmUs, 1),
    "executor.runsync_roundtrip_us": round(exec.runSyncUs, 1),
  };
  const lines = [
    `best of 5 (median in brackets), µs per task, N = 100,000:`,
    `  createTask+gather, recording on (TaskLog): ${round(rec.us, 3)} (${round(rec.median, 3)}) goal ≤ 0.5`,
    `  same, no recorder:                         ${round(ours.us, 3)} (${round(ours.median, 3)})`,
    `  createTask(trivial(i)) (promise form), rec: ${round(recPromise.us, 3)} (${round(recPromise.median, 3)})`,
    `  raw async fn + Promise.all:                ${round(raw.us, 3)} (${round(raw.median, 3)})`,
    `  CPython ${py.version} asyncio.gather:          ${round(py.us, 3)} (${round(py.median, 3)}) → ours is ${round(py.us / rec.us, 1)}× faster (median ${round(py.median / rec.median, 1)}×, goal ≥ 15×)`,
    `RSS holding 100,000 tasks (median of 3 processes): ours ${round(rssRec.rss / 1e6, 1)} MB vs raw ${round(rssRaw.rss / 1e6, 1)} MB → ratio ${metrics["tasks.rss_ratio_vs_raw"]} (goal ≤ 1.3)`,
    `  promise form (createTask(trivial(i))): ${round(rssRecPromise.rss / 1e6, 1)} MB → ratio ${metrics["tasks.rss_ratio_vs_raw_promise_form"]}`,
    `TaskLog bytes per task: ${metrics["tasks.record_bytes_per_task"]} (goal ≤ 32)`,
    `executor: pool start-up + first job ${metrics["executor.pool_startup_ms"]} ms, warm round trip ${metrics["executor.warm_roundtrip_us"]} µs/call, runSync ${metrics["executor.runsync_roundtrip_us"]} µs/call`,
  ];
  return { metrics, lines };
}

module.exports = { run };
