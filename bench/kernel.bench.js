// Kernel benchmarks: ours (`tslab-asyncio`) beside plain tslab (`tslab-plain`), measured in the same
// run by bench/kernel-driver.py through jupyter_client. The python3 ipykernel in .venv is the anchor for
// readiness and round trip. Goals: ready within 1.5x ipykernel's time; round trip within 2x ipykernel's and
// no slower than plain tslab's; a 1 ms interval never waits more than 5 ms while a 50-line cell compiles
// (request to its first statement; the gap around the cell's own run is reported beside it); a
// 100,000-line burst delivered whole within 1 s (plain tslab delivers under 1 %); resident memory idle and
// after 300 cells no worse than plain tslab. Medians, with the best of each beside them (`*_best`).
// docs/benchmarks.md says what each number means. On another Node line: `npm run test:node -- 24
// --listTests` writes that line's kernelspecs, then
// `JUPYTER_PATH=build/node/<version>/jupyter/share/jupyter build/node/<version>/bin/node bench/run.js`.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { jupyterEnv, venvBin } = require("../scripts/jupyter-env");

function measure(root, kernels, starts, anchors = []) {
  const run = spawnSync(
    venvBin("python"),
    [
      path.join(__dirname, "kernel-driver.py"),
      kernels.join(","),
      path.join(root, "notebooks"),
      String(starts),
      anchors.join(","),
    ],
    {
      env: jupyterEnv(),
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  if (run.status !== 0)
    throw new Error(`kernel-driver.py ${kernels.join(",")} failed:\n${run.stderr.slice(-4000)}`);
  const last = run.stdout.trim().split("\n").pop();
  return JSON.parse(last);
}

async function run({ root }) {
  const starts = Number(process.env.KERNEL_BENCH_STARTS ?? 5);
  const ourKernel = process.env.KERNEL_BENCH_KERNEL ?? "tslab-asyncio";
  const all = measure(root, ["tslab-plain", ourKernel], starts, ["python3"]);
  const plain = all["tslab-plain"];
  const ours = all[ourKernel];
  const py = all["python3"];
  const r = (x, d = 3) => Number(x.toFixed(d));
  const metrics = {
    "kernel.roundtrip_ratio_vs_tslab": r(ours.roundtrip_ms / plain.roundtrip_ms),
    "kernel.roundtrip_ms": r(ours.roundtrip_ms, 1),
    "kernel.tslab_roundtrip_ms": r(plain.roundtrip_ms, 1),
    "kernel.startup_extra_ms": r(ours.startup_ms - plain.startup_ms, 0),
    "kernel.startup_ms": r(ours.startup_ms, 0),
    "kernel.tslab_startup_ms": r(plain.startup_ms, 0),
    "kernel.burst_lines_delivered_fraction": r(ours.burst_lines_delivered_fraction, 4),
    "kernel.tslab_burst_lines_delivered_fraction": r(plain.burst_lines_delivered_fraction, 4),
    "kernel.burst_seconds": r(ours.burst_seconds),
    "kernel.tslab_burst_seconds": r(plain.burst_seconds),
    "kernel.ready_ms": r(ours.startup_ms, 0),
    "kernel.ipykernel_ready_ms": r(py.startup_ms, 0),
    "kernel.ready_ratio_vs_ipykernel": r(ours.startup_ms / py.startup_ms),
    "kernel.first_result_ms": r(ours.first_result_ms, 0),
    "kernel.tslab_first_result_ms": r(plain.first_result_ms, 0),
    "kernel.ipykernel_roundtrip_ms": r(py.roundtrip_ms, 1),
    "kernel.roundtrip_ratio_vs_ipykernel": r(ours.roundtrip_ms / py.roundtrip_ms),
    "kernel.compile_block_ms": r(ours.compile_block_ms, 1),
    "kernel.tslab_compile_block_ms": r(plain.compile_block_ms, 1),
    "kernel.compile_block_floor_ms": r(ours.compile_block_floor_ms, 1),
    "kernel.compile_and_run_block_ms": r(ours.compile_and_run_block_ms, 1),
    "kernel.tslab_compile_and_run_block_ms": r(plain.compile_and_run_block_ms, 1),
    "kernel.compile_and_run_block_floor_ms": r(ours.compile_and_run_block_floor_ms, 1),
    "kernel.roundtrip_ms_best": r(ours.roundtrip_best_ms, 1),
    "kernel.tslab_roundtrip_ms_best": r(plain.roundtrip_best_ms, 1),
    "kernel.ipykernel_roundtrip_ms_best": r(py.roundtrip_best_ms, 1),
    "kernel.roundtrip_ratio_vs_ipykernel_best": r(ours.roundtrip_best_ms / py.roundtrip_best_ms),
    "kernel.ready_ms_best": r(ours.startup_best_ms, 0),
    "kernel.ipykernel_ready_ms_best": r(py.startup_best_ms, 0),
    "kernel.compile_block_ms_best": r(ours.compile_block_best_ms, 1),
    "kernel.idle_rss_mb": r(ours.idle_rss_mb, 1),
    "kernel.tslab_idle_rss_mb": r(plain.idle_rss_mb, 1),
    "kernel.rss_300_cells_mb": r(ours.rss_300_mb, 1),
    "kernel.tslab_rss_300_cells_mb": r(plain.rss_300_mb, 1),
  };
  const lines = [
    `round trip (median of 20 trivial cells): ours ${ours.roundtrip_ms.toFixed(1)} ms, tslab ${plain.roundtrip_ms.toFixed(1)} ms, ratio ${metrics["kernel.roundtrip_ratio_vs_tslab"]} (goal <= 1.0); best ${metrics["kernel.roundtrip_ms_best"]} vs ${metrics["kernel.tslab_roundtrip_ms_best"]} ms`,
    `startup to kernel_info_reply (median of ${starts}): ours ${ours.startup_ms.toFixed(0)} ms, tslab ${plain.startup_ms.toFixed(0)} ms, extra ${metrics["kernel.startup_extra_ms"]} ms`,
    `100,000-line burst: ours ${(ours.burst_lines_delivered_fraction * 100).toFixed(1)} % in ${ours.burst_seconds.toFixed(2)} s (idle ${ours.burst_idle ? "received" : "LOST"}), tslab ${(plain.burst_lines_delivered_fraction * 100).toFixed(1)} % in ${plain.burst_seconds.toFixed(2)} s (idle ${plain.burst_idle ? "received" : "lost"}) (goal 100 % within 1 s)`,
    `ready (launch to kernel_info_reply, median of ${starts}): ours ${ours.startup_ms.toFixed(0)} ms, ipykernel ${py.startup_ms.toFixed(0)} ms, ratio ${metrics["kernel.ready_ratio_vs_ipykernel"]} (goal <= 1.5); best ${metrics["kernel.ready_ms_best"]} vs ${metrics["kernel.ipykernel_ready_ms_best"]} ms`,
    `first result (launch to the first cell's result, median of ${starts}): ours ${ours.first_result_ms.toFixed(0)} ms, tslab ${plain.first_result_ms.toFixed(0)} ms, ipykernel ${py.first_result_ms.toFixed(0)} ms`,
    `round trip vs ipykernel: ours ${ours.roundtrip_ms.toFixed(1)} ms, ipykernel ${py.roundtrip_ms.toFixed(1)} ms, ratio ${metrics["kernel.roundtrip_ratio_vs_ipykernel"]} (goal <= 2.0); best ${metrics["kernel.roundtrip_ms_best"]} vs ${metrics["kernel.ipykernel_roundtrip_ms_best"]} ms, ratio ${metrics["kernel.roundtrip_ratio_vs_ipykernel_best"]}`,
    `event-loop wait while a 50-line cell compiles (request to its first statement, median of 5, 1 ms interval): ours ${ours.compile_block_ms.toFixed(1)} ms [${ours.compile_block_all_ms.map((x) => x.toFixed(1)).join(", ")}], tslab ${plain.compile_block_ms.toFixed(1)} ms (goal <= 5); a one-line cell in the same window (machine noise floor): ${ours.compile_block_floor_ms.toFixed(1)} ms`,
    `  counting the gap around the cell's run whole (its own code and the reply): ours ${ours.compile_and_run_block_ms.toFixed(1)} ms [${ours.compile_and_run_block_all_ms.map((x) => x.toFixed(1)).join(", ")}], tslab ${plain.compile_and_run_block_ms.toFixed(1)} ms; one-line cell ${ours.compile_and_run_block_floor_ms.toFixed(1)} ms`,
    `RSS idle after the first cell: ours ${ours.idle_rss_mb.toFixed(0)} MB, tslab ${plain.idle_rss_mb.toFixed(0)} MB; after 300 more cells: ours ${ours.rss_300_mb.toFixed(0)} MB, tslab ${plain.rss_300_mb.toFixed(0)} MB (goal: no worse than tslab)`,
  ];
  return { metrics, lines };
}

module.exports = { run };
