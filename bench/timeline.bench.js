// Timeline benchmark: payload size per task, first paint of 100,000 tasks and one pan/zoom redraw of
// 10,000 tasks in headless Debian Chromium, each beside a plain canvas fillRect of the same bars drawn in
// the same page and run. The page (bench/timeline-page.html) imports the renderer's drawing modules from
// lib-lab/ through a tiny static server on 127.0.0.1.
"use strict";
/* global window -- functions passed to page.evaluate run in the bench page */
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");
const { workload } = require("./timeline-data");

const { CHROMIUM, HEADLESS_ARGS: ARGS } = require("../scripts/chromium");
const round = (x) => Math.round(x * 10) / 10;

/** Serves the bench page, lib-lab/ (extensionless ES imports resolve to .js) and in-memory payloads. */
function serve(root, files) {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (files[url] !== undefined) {
      res.writeHead(200, { "content-type": url === "/" ? "text/html" : "application/json" });
      return res.end(files[url]);
    }
    if (url.startsWith("/lib-lab/")) {
      const base = path.join(root, path.normalize(url));
      const file = [base, `${base}.js`].find(
        (f) => f.startsWith(path.join(root, "lib-lab")) && fs.existsSync(f),
      );
      if (file && fs.statSync(file).isFile()) {
        res.writeHead(200, { "content-type": "text/javascript" });
        return res.end(fs.readFileSync(file));
      }
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function run(ctx) {
  const root = ctx.root;
  const timeline = require(path.join(root, "lib", "timeline"));
  const big = workload(timeline, 100_000);
  const small = workload(timeline, 10_000, { seed: 2 });
  const bigJson = JSON.stringify(big);
  const bytesPerTask = bigJson.length / 100_000;
  const metrics = { "timeline.bytes_per_task": round(bytesPerTask) };
  const lines = [
    `bytes/task at 1e5: ${bytesPerTask.toFixed(1)} (goal ≤ 32; ${(bigJson.length / 1e6).toFixed(2)} MB payload)`,
  ];
  if (!fs.existsSync(path.join(root, "lib-lab", "lab", "draw.js"))) {
    throw new Error("lib-lab/ is missing: run npm run build:lab (or ./setup.sh) before npm run bench.");
  }
  if (!fs.existsSync(CHROMIUM)) {
    lines.push(`skipped the browser metrics: ${CHROMIUM} is missing (apt-get install chromium)`);
    return { metrics, lines };
  }
  const { chromium } = require("playwright-core");
  const server = await serve(root, {
    "/": fs.readFileSync(path.join(__dirname, "timeline-page.html")),
    "/big.json": bigJson,
    "/small.json": JSON.stringify(small),
  });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-bench-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1100, height: 800 },
      deviceScaleFactor: 1,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on(
      "console",
      (m) => m.type() === "error" && !/favicon|404/.test(m.text()) && problems.push(m.text()),
    );
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page
      .waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 })
      .catch((e) => {
        throw new Error(`the bench page did not load: ${[...problems, e.message].join("; ")}`);
      });
    const load = await page.evaluate(() => window.bench.load("big"));
    await page.evaluate(() => window.bench.load("small"));
    // Warm-up so that both sides run optimised code, then the measured runs.
    await page.evaluate(() => window.bench.firstPaint("small", 2));
    const first = await page.evaluate(() => window.bench.firstPaint("big", 5));
    const frame = await page.evaluate(() => window.bench.frames("small", 24));
    metrics["timeline.first_paint_ms_1e5"] = round(first.ms);
    metrics["timeline.frame_ms_1e4"] = round(frame.ms);
    // Best-of beside the medians above (which keep their meaning).
    metrics["timeline.first_paint_ms_1e5_best"] = round(first.bestMs);
    metrics["timeline.frame_ms_1e4_best"] = round(frame.bestMs);
    lines.push(
      `first paint 1e5 tasks: ${first.ms.toFixed(1)} ms median of 5, best ${first.bestMs.toFixed(1)} ` +
        `(validate + decode + layout + draw + frame; goal ≤ 100) vs plain fillRect of the same bars ${first.anchorMs.toFixed(1)} ms; ` +
        `JSON.parse before it (JupyterLab's) ${load.parseMs.toFixed(1)} ms`,
      `pan/zoom redraw 1e4 tasks: ${frame.ms.toFixed(2)} ms median of 24, best ${frame.bestMs.toFixed(2)} ` +
        `(goal ≤ 8) vs plain fillRect ` +
        `${frame.anchorMs.toFixed(2)} ms`,
    );
  } finally {
    await context?.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return { metrics, lines };
}

module.exports = { run };
