// Kernel benchmarks: ours (`tslab-asyncio`) beside plain tslab (`tslab-plain`), measured in the same
// run by bench/kernel-driver.py through jupyter_client. Goals: round-trip ratio <= 1.2, startup extra <= 150 ms,
// a 100,000-line burst delivered whole within 2 s (plain tslab delivers about 10 %).
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { jupyterEnv, venvBin } = require("../scripts/jupyter-env");

function measure(root, kernels, starts) {
  const run = spawnSync(
    venvBin("python"),
    [
      path.join(__dirname, "kernel-driver.py"),
      kernels.join(","),
      path.join(root, "notebooks"),
      String(starts),
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
  const all = measure(root, ["tslab-plain", "tslab-asyncio"], starts);
  const plain = all["tslab-plain"];
  const ours = all["tslab-asyncio"];
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
  };
  const lines = [
    `round trip (median of 20 trivial cells): ours ${ours.roundtrip_ms.toFixed(1)} ms, tslab ${plain.roundtrip_ms.toFixed(1)} ms, ratio ${metrics["kernel.roundtrip_ratio_vs_tslab"]} (goal <= 1.2)`,
    `startup to kernel_info_reply (median of ${starts}): ours ${ours.startup_ms.toFixed(0)} ms, tslab ${plain.startup_ms.toFixed(0)} ms, extra ${metrics["kernel.startup_extra_ms"]} ms (goal <= 150)`,
    `100,000-line burst: ours ${(ours.burst_lines_delivered_fraction * 100).toFixed(1)} % in ${ours.burst_seconds.toFixed(2)} s (idle ${ours.burst_idle ? "received" : "LOST"}), tslab ${(plain.burst_lines_delivered_fraction * 100).toFixed(1)} % in ${plain.burst_seconds.toFixed(2)} s (idle ${plain.burst_idle ? "received" : "lost"}) (goal 100 % within 2 s)`,
  ];
  return { metrics, lines };
}

module.exports = { run };
