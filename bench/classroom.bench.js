// Classroom benchmark: N kernels (default 10, CLASSROOM_BENCH_N) started at once on this machine, as a class
// logging in together. For ours (`tslab-asyncio`), plain tslab (`tslab-plain`) and ipykernel (`python3`), one
// kind after another in the same run: seconds until all N have answered a cell, and resident memory per kernel.
// Nothing here is a pass/fail goal; docs/classroom.md turns these numbers into class sizes.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { jupyterEnv, venvBin } = require("../scripts/jupyter-env");

const KINDS = [
  ["tslab-asyncio", "classroom"],
  ["tslab-plain", "classroom.tslab"],
  ["python3", "classroom.ipykernel"],
];

async function run({ root }) {
  const n = Number(process.env.CLASSROOM_BENCH_N ?? 10);
  const result = spawnSync(
    venvBin("python"),
    [
      path.join(__dirname, "classroom_driver.py"),
      KINDS.map(([k]) => k).join(","),
      path.join(root, "notebooks"),
      String(n),
    ],
    { env: jupyterEnv(), encoding: "utf8", timeout: 1_200_000 },
  );
  if (result.status !== 0) throw new Error(`classroom_driver.py failed:\n${result.stderr.slice(-4000)}`);
  const all = JSON.parse(result.stdout.trim().split("\n").pop());
  const r = (x, d = 2) => Number(x.toFixed(d));
  const metrics = { "classroom.kernels": n };
  const lines = [];
  for (const [kernel, key] of KINDS) {
    const m = all[kernel];
    metrics[`${key}.all_answered_s`] = r(m.all_answered_s);
    metrics[`${key}.rss_mb_per_kernel`] = r(m.rss_mb_mean, 1);
    metrics[`${key}.rss_mb_max`] = r(m.rss_mb_max, 1);
    lines.push(
      `${kernel.padEnd(14)} ${n} at once: all answered in ${m.all_answered_s.toFixed(1)} s ` +
        `(first ${m.first_answered_s.toFixed(1)} s); RSS ${m.rss_mb_mean.toFixed(0)} MB per kernel (max ${m.rss_mb_max.toFixed(0)})`,
    );
  }
  const ours = all["tslab-asyncio"];
  const plain = all["tslab-plain"];
  const py = all["python3"];
  metrics["classroom.answered_ratio_vs_tslab"] = r(ours.all_answered_s / plain.all_answered_s, 3);
  metrics["classroom.rss_ratio_vs_tslab"] = r(ours.rss_mb_mean / plain.rss_mb_mean, 3);
  metrics["classroom.rss_ratio_vs_ipykernel"] = r(ours.rss_mb_mean / py.rss_mb_mean, 3);
  lines.push(
    `ours vs tslab: time ${metrics["classroom.answered_ratio_vs_tslab"]}x, memory ${metrics["classroom.rss_ratio_vs_tslab"]}x; ` +
      `memory vs ipykernel ${metrics["classroom.rss_ratio_vs_ipykernel"]}x (2 shared cores: expect noise)`,
  );
  return { metrics, lines };
}

module.exports = { run };
