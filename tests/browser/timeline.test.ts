/**
 * The timeline renderer in a real JupyterLab (from .venv) driven by Debian's Chromium: drawing, hovering,
 * the error box, hostile names, and the nbconvert HTML fallback. Screenshots land in build/browser/.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { jupyterEnv, venvBin } from "../../scripts/jupyter-env";
import { parseColor } from "../../src/lab/colors";
import { computeGeometry, timeToX } from "../../src/lab/geometry";
import {
  TIMELINE_MIME,
  TimelineBuilder,
  decodeTimeline,
  layoutLanes,
  timelineBundle,
  type TimelinePayload,
} from "../../src/timeline";
import {
  ARTIFACTS,
  describeWithChromium,
  launchChromium,
  notebook,
  startLab,
  type LabServer,
} from "./lab-server";

const CANARY = "untouched";
const HOSTILE = [
  `<img src=x onerror="window.__canary='pwned by img'">`,
  `</script><script>window.__canary='pwned by script'</script>`,
  `"><svg onload="window.__canary='pwned by svg'">`,
  `<iframe srcdoc="<script>parent.__canary='pwned by iframe'</script>">`,
];

jest.setTimeout(180_000);

function goodTimeline(): TimelinePayload {
  const b = new TimelineBuilder({ title: "gather three fetches" });
  b.addTask({
    id: 1,
    name: "main",
    start: 0,
    end: 40,
    segments: [
      [0, 1],
      [38, 40],
    ],
  });
  b.addTask({
    id: 2,
    name: "fetch users",
    parent: 1,
    start: 1,
    end: 30,
    segments: [
      [1, 3],
      [26, 30],
    ],
  });
  b.addTask({
    id: 3,
    name: "fetch orders",
    parent: 1,
    start: 1.5,
    end: 25,
    segments: [
      [3, 4],
      [24, 25],
    ],
  });
  b.addTask({ id: 4, name: "fetch stock", parent: 1, start: 2, end: 12, error: new Error("HTTP 503") });
  b.addTask({ id: 5, name: "parse", parent: 2, start: 26, end: 29, segments: [[26, 29]], kind: "executor" });
  b.addLag(10, 1.5).addLag(20, 3.2).addSlowStep(26, 3, 5);
  b.addCell({ label: "[1]", start: 0, end: 40 });
  return b.build();
}

function hostileTimeline(): TimelinePayload {
  const b = new TimelineBuilder({ title: HOSTILE[1] });
  HOSTILE.forEach((name, i) =>
    b.addTask({ id: i + 1, name, start: i, end: 30 + i, segments: [[i, i + 25]], error: name }),
  );
  b.addCell({ label: HOSTILE[0], start: 0, end: 34 });
  return b.build();
}

/** 5,000 workers under one parent: more lanes than pixel rows, so the density view draws it. */
function denseTimeline(): TimelinePayload {
  const b = new TimelineBuilder({ title: "five thousand" });
  b.addTask({ id: 1, name: "main", start: 0, end: 600 });
  for (let i = 0; i < 5000; i++) {
    const s = (i % 100) * 5 + Math.floor(i / 100) * 0.1;
    b.addTask({
      id: i + 2,
      name: `worker ${i}`,
      parent: 1,
      start: s,
      end: s + 80,
      segments: [
        [s, s + 1],
        [s + 79, s + 80],
      ],
    });
  }
  return b.build();
}

function brokenTimeline(): unknown {
  const p = JSON.parse(JSON.stringify(goodTimeline()));
  p.tasks.start[1] = "soon";
  return p;
}

/** Canvases of drawn timelines (an invalid payload's widget keeps its canvas hidden). */
const CANVASES = ".jp-TslabAsyncioTimeline-plot:not([hidden]) canvas";

const display = (data: object) => ({ output_type: "display_data", data, metadata: {} });

/** Page coordinates of the middle of a task's first running segment. */
async function pointAt(page: Page, canvasIndex: number, payload: TimelinePayload, name: string) {
  const canvas = page.locator(CANVASES).nth(canvasIndex);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const t = decodeTimeline(payload);
  const row = Array.from({ length: t.count }, (_, i) => i).find((i) => t.name(i) === name)!;
  const g = computeGeometry(t.count, box.width, t.lag.t.length > 0);
  const s = t.segIndex[row];
  const x = timeToX((t.segFrom[s] + t.segTo[s]) / 2, g, 0, t.end);
  const y = g.plotY + layoutLanes(t).laneOfRow[row] * g.rowH + g.rowH / 2;
  return { x: box.x + x, y: box.y + y };
}

const describeBrowser = describeWithChromium();

describeBrowser("timeline renderer in JupyterLab", () => {
  let dir: string;
  const scratch: string[] = [];
  let lab: LabServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const good = goodTimeline();
  const hostile = hostileTimeline();
  const dense = denseTimeline();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dir = fs.mkdtempSync(path.join(ARTIFACTS, "notebooks-"));
    scratch.push(dir);
    fs.writeFileSync(
      path.join(dir, "timeline.ipynb"),
      notebook([
        { source: "await asyncio.timeline(main)", outputs: [display(timelineBundle(good))] },
        {
          source: "broken",
          outputs: [display({ [TIMELINE_MIME]: brokenTimeline(), "text/plain": "broken" })],
        },
        { source: "hostile", outputs: [display(timelineBundle(hostile))] },
        { source: "dense", outputs: [display(timelineBundle(dense))] },
      ]),
    );
    lab = await startLab(dir);
    const browser = await launchChromium({ width: 1200, height: 1400 });
    ({ context, page } = browser);
    scratch.push(browser.profile);
    await page.addInitScript((canary) => Object.assign(window, { __canary: canary }), CANARY);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on(
      "console",
      (m) => m.type() === "error" && /tslab|timeline/i.test(m.text()) && pageErrors.push(m.text()),
    );
    await page.goto(lab.url("timeline.ipynb"));
    await page.locator(CANVASES).nth(2).waitFor({ timeout: 90_000 });
    await page.locator(".jp-TslabAsyncioTimeline-error:not([hidden])").waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await lab?.stop();
    // Screenshots and the exported HTML stay; the profile, notebooks and Jupyter state go.
    for (const d of [...scratch, ...(lab ? [lab.stateDir] : [])])
      fs.rmSync(d, { recursive: true, force: true });
  });

  it("draws the timeline on the canvas", async () => {
    const canvas = page.locator(CANVASES).first();
    await canvas.scrollIntoViewIfNeeded();
    const drawn = await canvas.evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext("2d")!;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      let differing = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) differing++;
      }
      return { differing, total: data.length / 4, label: c.getAttribute("aria-label") };
    });
    expect(drawn.differing).toBeGreaterThan(2000);
    expect(drawn.label).toMatch(
      /^gather three fetches: 5 tasks, wall 40\.0 ms, concurrency ×2\.6, 1 failed\./,
    );
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .first()
      .screenshot({ path: path.join(ARTIFACTS, "timeline.png") });
  });

  it("shows a hovered task's name, duration and state in a tooltip", async () => {
    const at = await pointAt(page, 0, good, "fetch users");
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toMatch(
      /fetch users\s+task 2 · done\s+start 1\.00 ms · duration 29\.0 ms/,
    );
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .first()
      .screenshot({ path: path.join(ARTIFACTS, "hover.png") });
    await page.mouse.move(0, 0);
  });

  it("zooms with the keyboard and the wheel, and resets", async () => {
    const canvas = page.locator(CANVASES).first();
    const pixels = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const before = await pixels();
    await canvas.focus();
    await page.keyboard.press("+");
    await page.waitForTimeout(100);
    const zoomed = await pixels();
    expect(zoomed).not.toBe(before);
    await page.keyboard.press("0");
    await page.waitForTimeout(100);
    expect(await pixels()).toBe(before);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(100);
    expect(await pixels()).not.toBe(before);
    await page.getByRole("button", { name: "Reset view" }).first().click();
    await page.waitForTimeout(100);
    expect(await pixels()).toBe(before);
  });

  it("downloads a Perfetto trace built in the browser from the payload", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download trace" }).first().click(),
    ]);
    expect(download.suggestedFilename()).toBe("gather-three-fetches.trace.json");
    const trace = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    const names = trace.traceEvents
      .filter((e: { ph: string }) => e.ph === "X")
      .map((e: { name: string }) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(["main", "fetch users", "fetch orders", "fetch stock", "parse"]),
    );
  });

  it("draws 5,000 lanes as a density view, finds the task under the pointer and zooms into lanes", async () => {
    const canvas = page.locator(CANVASES).nth(2);
    await canvas.scrollIntoViewIfNeeded();
    const height = await canvas.evaluate((c: HTMLCanvasElement) => c.clientHeight);
    expect(height).toBeLessThan(500);
    const at = await pointAt(page, 2, dense, "worker 2500");
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toMatch(/^worker \d+\n/);
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .nth(3)
      .screenshot({ path: path.join(ARTIFACTS, "dense.png") });
    await page.mouse.move(0, 0);
    // Zooming into the lanes (8 × "*": 5,001 → 19 lanes) keeps the canvas height.
    const pixels = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const before = await pixels();
    await canvas.focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press("*");
    await page.waitForTimeout(100);
    expect(await canvas.evaluate((c: HTMLCanvasElement) => c.clientHeight)).toBe(height);
    expect(await pixels()).not.toBe(before);
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .nth(3)
      .screenshot({ path: path.join(ARTIFACTS, "dense-lanes.png") });
    await page.keyboard.press("0");
    await page.waitForTimeout(100);
    expect(await pixels()).toBe(before);
  });

  it("shows the validator's message in an error box for a malformed payload", async () => {
    const box = page.locator(".jp-TslabAsyncioTimeline-error:not([hidden])").first();
    expect(await box.isVisible()).toBe(true);
    expect(await box.innerText()).toContain("tasks.start[1] is not a number");
    await box.screenshot({ path: path.join(ARTIFACTS, "error.png") });
  });

  it("treats hostile task names as text and runs none of their script", async () => {
    const at = await pointAt(page, 1, hostile, HOSTILE[0]);
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toContain(HOSTILE[0]);
    const hostileWidget = page.locator(".jp-TslabAsyncioTimeline").nth(2);
    expect(await hostileWidget.locator(".jp-TslabAsyncioTimeline-title").innerText()).toBe(HOSTILE[1]);
    await hostileWidget.screenshot({ path: path.join(ARTIFACTS, "hostile.png") });
    const dom = await page.evaluate(() => ({
      canary: (window as unknown as { __canary: string }).__canary,
      injected: document.querySelectorAll('img[src="x"], iframe[srcdoc], .jp-OutputArea svg[onload]').length,
    }));
    expect(dom).toEqual({ canary: CANARY, injected: 0 });
  });

  it("follows the theme: switching to JupyterLab Dark repaints with its background", async () => {
    const canvas = page.locator(CANVASES).first();
    const corner = () =>
      canvas.evaluate((c: HTMLCanvasElement) =>
        Array.from(c.getContext("2d")!.getImageData(1, 1, 1, 1).data),
      );
    expect(await corner()).toEqual([255, 255, 255, 255]);
    await page.evaluate(() =>
      (
        window as unknown as {
          jupyterapp: { commands: { execute(id: string, args: object): Promise<unknown> } };
        }
      ).jupyterapp.commands.execute("apputils:change-theme", { theme: "JupyterLab Dark" }),
    );
    await page.waitForFunction(() => document.body.dataset.jpThemeName === "JupyterLab Dark");
    const dark = await page.evaluate(() =>
      getComputedStyle(document.body).getPropertyValue("--jp-layout-color0").trim().toLowerCase(),
    );
    const expected = parseColor(dark);
    expect(expected).toBeDefined();
    // The renderer repaints on the next animation frame after the theme attribute changes.
    let seen = await corner();
    for (let i = 0; i < 50 && JSON.stringify(seen) !== JSON.stringify(expected); i++) {
      await page.waitForTimeout(100);
      seen = await corner();
    }
    expect(seen).toEqual(expected);
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .first()
      .screenshot({ path: path.join(ARTIFACTS, "dark.png") });
  });

  it("raised no page errors while doing all that", () => {
    expect(pageErrors).toEqual([]);
  });

  it("exports to HTML with nbconvert showing the static fallback, and it runs no script", async () => {
    const result = spawnSync(
      venvBin("jupyter"),
      [
        "nbconvert",
        "--to",
        "html",
        "--output-dir",
        dir,
        "--output",
        "exported",
        path.join(dir, "timeline.ipynb"),
      ],
      { env: jupyterEnv(), encoding: "utf8", timeout: 120_000 },
    );
    expect(result.status).toBe(0);
    const html = fs.readFileSync(path.join(dir, "exported.html"), "utf8");
    expect(html).toContain('<div class="tslab-asyncio-timeline"');
    expect(html).toContain("gather three fetches: 5 tasks, wall 40.0 ms");
    expect(html).toMatch(/&(#60|lt);img src=x onerror=/);
    expect(html).not.toContain("<img src=x");
    fs.copyFileSync(path.join(dir, "exported.html"), path.join(ARTIFACTS, "nbconvert.html"));
    const exported = await context!.newPage();
    await exported.addInitScript((canary) => Object.assign(window, { __canary: canary }), CANARY);
    // Offline: the template's CDN scripts fail fast; our fallback needs none of them.
    await exported.route(/^https?:\/\//, (route) => route.abort());
    await exported.goto(`file://${path.join(dir, "exported.html")}`, { waitUntil: "load" });
    const fallback = exported.locator(".tslab-asyncio-timeline svg").first();
    expect(await fallback.isVisible()).toBe(true);
    expect(await exported.locator(".tslab-asyncio-timeline svg rect").count()).toBeGreaterThan(5);
    await exported
      .locator(".tslab-asyncio-timeline")
      .first()
      .screenshot({ path: path.join(ARTIFACTS, "nbconvert.png") });
    expect(await exported.evaluate(() => (window as unknown as { __canary: string }).__canary)).toBe(CANARY);
    await exported.close();
  });
});
