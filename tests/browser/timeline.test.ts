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

const LONG_A = "fetch https://api.example.com/v2/customers/eu-west/orders?page=1";
const LONG_B = "fetch https://api.example.com/v2/customers/eu-west/orders?page=2";
const RLO = "\u202E";

/** Minutes-long tasks starting two minutes after the origin, with long names that differ only at the end. */
function longTimeline(): TimelinePayload {
  const b = new TimelineBuilder({ title: "slow crawl", origin: 0 });
  b.addTask({ id: 1, name: LONG_A, start: 120_000, end: 300_000, segments: [[120_000, 121_000]] });
  b.addTask({ id: 2, name: LONG_B, start: 125_000, end: 290_000, segments: [[125_000, 126_000]] });
  b.addTask({ id: 3, name: "tiny", start: 130_000, end: 131_000, segments: [[130_000, 131_000]] });
  b.addLag(200_000, 2);
  return b.build();
}

/** A name and title with a right-to-left override, which would reverse what follows it. */
function bidiTimeline(): TimelinePayload {
  const b = new TimelineBuilder({ title: `report${RLO}fdp.exe` });
  b.addTask({ id: 1, name: `invoice${RLO}fdp.exe`, start: 0, end: 20, segments: [[0, 15]] });
  return b.build();
}

/** main awaits "child" two lanes down when the lane between them is empty again: the arrow crosses it. */
function awaitTimeline(): TimelinePayload {
  const b = new TimelineBuilder({ title: "awaits", origin: 0 });
  b.addTask({ id: 1, name: "main", start: 0, end: 40, segments: [[0, 1]] });
  b.addTask({ id: 2, name: "early", parent: 1, start: 0.2, end: 5 });
  b.addTask({ id: 3, name: "child", parent: 1, start: 0.5, end: 30, segments: [[0.5, 2]] });
  b.addAwait(1, 3, 10);
  return b.build();
}

function brokenTimeline(): unknown {
  const p = JSON.parse(JSON.stringify(goodTimeline()));
  p.tasks.start[1] = "soon";
  return p;
}

/** Canvases of drawn timelines (an invalid payload's widget keeps its canvas hidden). */
const CANVASES = ".jp-TslabAsyncioTimeline-plot:not([hidden]) canvas";

/** What the tests reach of JupyterLab's application object: the open notebook's cells. */
type NotebookWindow = {
  jupyterapp: {
    shell: { currentWidget: { content: { widgets: { node: HTMLElement; outputHidden: boolean }[] } } };
  };
};

const display = (data: object) => ({ output_type: "display_data", data, metadata: {} });

/** Page coordinates of the middle of a task's first running segment. */
async function pointAt(
  page: Page,
  canvasIndex: number,
  payload: TimelinePayload,
  name: string,
  scroll = true,
) {
  const canvas = page.locator(CANVASES).nth(canvasIndex);
  if (scroll) await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const t = decodeTimeline(payload);
  const row = Array.from({ length: t.count }, (_, i) => i).find((i) => t.name(i) === name)!;
  const g = computeGeometry(t.count, box.width, t.lag.t.length > 0);
  const s = t.segIndex[row];
  const mid = s < t.segIndex[row + 1] ? (t.segFrom[s] + t.segTo[s]) / 2 : (t.start[row] + t.stop[row]) / 2;
  // The view starts at the first task (rows are sorted by start).
  const x = timeToX(mid, g, t.start[0], t.end);
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
        { source: "long", outputs: [display(timelineBundle(longTimeline()))] },
        { source: "bidi", outputs: [display(timelineBundle(bidiTimeline()))] },
        { source: "awaits", outputs: [display(timelineBundle(awaitTimeline()))] },
        // What a cell whose background work never printed keeps: its empty late-output slot.
        { source: "quiet background work", outputs: [display({ "text/plain": "" })] },
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
    // Later cells render once scrolled to (JupyterLab windows long notebooks).
    for (const n of [3, 4, 5]) {
      await page
        .locator(".jp-TslabAsyncioTimeline")
        .nth(n + 1)
        .scrollIntoViewIfNeeded({ timeout: 30_000 });
      await page.locator(CANVASES).nth(n).waitFor({ timeout: 30_000 });
    }
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

  it("explains its colours in a legend coloured like the bars", async () => {
    const legend = page.locator(".jp-TslabAsyncioTimeline-legend").first();
    await legend.scrollIntoViewIfNeeded();
    const text = await legend.innerText();
    for (const word of ["running", "waiting", "failed", "cancelled", "loop lag"])
      expect(text).toContain(word);
    const colours = await legend
      .locator(".jp-TslabAsyncioTimeline-swatch")
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    expect(colours.length).toBeGreaterThanOrEqual(5);
    expect(colours).not.toContain("rgba(0, 0, 0, 0)");
    expect(new Set(colours).size).toBe(colours.length);
  });

  it("says '1 step' for a task that ran once, and how long it waited", async () => {
    const at = await pointAt(page, 0, good, "parse");
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toMatch(/running 3\.00 ms in 1 step · waiting 0 ms/);
    await page.mouse.move(0, 0);
  });

  it("keeps a lower row's tooltip inside the scrolled notebook's visible box", async () => {
    const canvas = page.locator(CANVASES).first();
    await canvas.scrollIntoViewIfNeeded();
    // Scroll the notebook so that the timeline's last lane sits at the bottom edge of its scroll box.
    const scroller = await canvas.evaluate((c: HTMLCanvasElement) => {
      let el: HTMLElement | null = c.parentElement;
      while (el && !/(auto|scroll)/.test(getComputedStyle(el).overflowY)) el = el.parentElement;
      if (!el) throw new Error("no scrolling ancestor");
      const plotBottom = c.getBoundingClientRect().bottom - 40;
      el.scrollTop += plotBottom - el.getBoundingClientRect().bottom + 6;
      const r = el.getBoundingClientRect();
      return { top: Math.max(0, r.top), bottom: Math.min(window.innerHeight, r.bottom) };
    });
    const t = decodeTimeline(good);
    const lowest = t.name(layoutLanes(t).rowOfLane[t.count - 1]);
    const at = await pointAt(page, 0, good, lowest, false);
    expect(at.y).toBeLessThan(scroller.bottom);
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    const box = (await tooltip.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(scroller.top);
    expect(box.y + box.height).toBeLessThanOrEqual(scroller.bottom);
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .first()
      .screenshot({ path: path.join(ARTIFACTS, "tooltip-bottom.png") });
    await page.mouse.move(0, 0);
  });

  it("hides the controls, hint and legend when the payload is invalid", async () => {
    const broken = page.locator(".jp-TslabAsyncioTimeline").nth(1);
    await broken.scrollIntoViewIfNeeded();
    expect(await broken.locator(".jp-TslabAsyncioTimeline-error").isVisible()).toBe(true);
    for (const part of ["toolbar", "hint", "legend", "plot"]) {
      expect(await broken.locator(`.jp-TslabAsyncioTimeline-${part}`).isVisible()).toBe(false);
    }
    expect(await broken.getByRole("button", { name: "Reset view" }).isVisible()).toBe(false);
  });

  it("labels the axis in a unit that fits the range and starts at the first task", async () => {
    const canvas = page.locator(CANVASES).nth(3);
    await canvas.scrollIntoViewIfNeeded();
    const ticks = (await canvas.getAttribute("data-ticks"))!.split(" | ");
    expect(ticks.length).toBeGreaterThan(2);
    for (const label of ticks) expect(label).toMatch(/^\d+(\.\d+)? (s|min)$/);
    const ms = (label: string) => parseFloat(label) * (label.endsWith("min") ? 60_000 : 1000);
    // The first task starts at 120 s: no blank lead-in from 0.
    expect(ms(ticks[0])).toBeGreaterThanOrEqual(120_000);
    expect(ms(ticks[0])).toBeLessThan(160_000);
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .nth(4)
      .screenshot({ path: path.join(ARTIFACTS, "long-names.png") });
  });

  it("shows a cut name in full in the tooltip and widens the label column by dragging its edge", async () => {
    const long = longTimeline();
    const at = await pointAt(page, 3, long, LONG_B);
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toContain(LONG_B);
    await page.mouse.move(0, 0);
    const canvas = page.locator(CANVASES).nth(3);
    const before = Number(await canvas.getAttribute("data-gutter"));
    const pixels = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + before + 1.5, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + before + 121.5, box.y + 30, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(100);
    expect(Number(await canvas.getAttribute("data-gutter"))).toBe(before + 120);
    expect(await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(pixels);
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .nth(4)
      .screenshot({ path: path.join(ARTIFACTS, "long-names-widened.png") });
  });

  it("shows bidi control characters in names and titles as visible escapes", async () => {
    const bidi = bidiTimeline();
    const widget = page.locator(".jp-TslabAsyncioTimeline").nth(5);
    await widget.scrollIntoViewIfNeeded();
    const escaped = "invoice\\u202Efdp.exe";
    const at = await pointAt(page, 4, bidi, escaped);
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toContain(escaped);
    expect(await widget.locator(".jp-TslabAsyncioTimeline-title").innerText()).toBe("report\\u202Efdp.exe");
    const shown = await widget.evaluate(
      (w) => w.textContent + (w.querySelector("canvas")?.getAttribute("aria-label") ?? ""),
    );
    expect(shown).not.toContain(RLO);
    await widget.screenshot({ path: path.join(ARTIFACTS, "bidi.png") });
    await page.mouse.move(0, 0);
  });

  it("draws an arrow from a waiting task to the task it awaits and names it in the tooltip", async () => {
    const payload = awaitTimeline();
    const canvas = page.locator(CANVASES).nth(5);
    await canvas.scrollIntoViewIfNeeded();
    const t = decodeTimeline(payload);
    const lanes = layoutLanes(t);
    const box = (await canvas.boundingBox())!;
    const g = computeGeometry(t.count, box.width, false);
    const lane = (name: string) => lanes.laneOfRow[[0, 1, 2].find((r) => t.name(r) === name)!];
    // The arrow goes from main's lane to child's at 10 ms, crossing the lane of "early" (which ended at 5 ms):
    // a pixel there differs from the background beside it.
    const between = (lane("main") + lane("child")) / 2;
    expect(Math.abs(lane("main") - lane("child"))).toBe(2);
    const x = Math.round(timeToX(10, g, 0, t.end));
    const y = Math.round(g.plotY + (between + 0.5) * g.rowH);
    const [pixel, background] = await canvas.evaluate(
      (c: HTMLCanvasElement, [px, py]) => {
        const ctx = c.getContext("2d")!;
        const dpr = c.width / c.clientWidth;
        const at = (ax: number, ay: number) =>
          Array.from(ctx.getImageData(Math.round(ax * dpr), Math.round(ay * dpr), 1, 1).data);
        return [at(px, py), at(px + 40, py)];
      },
      [x, y],
    );
    expect(pixel).not.toEqual(background);
    const at = await pointAt(page, 5, payload, "main");
    await page.mouse.move(at.x, at.y);
    const tooltip = page.locator(".jp-TslabAsyncioTimeline-tooltip:not([hidden])").first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toContain("awaited child");
    await page
      .locator(".jp-TslabAsyncioTimeline")
      .nth(6)
      .screenshot({ path: path.join(ARTIFACTS, "awaits.png") });
    await page.mouse.move(0, 0);
    expect(await page.locator(".jp-TslabAsyncioTimeline-legend").first().innerText()).toContain("awaits");
  });

  it("takes no room for an empty late-output slot", async () => {
    const cell = page.locator(".jp-Cell").filter({ hasText: "quiet background work" });
    await cell.scrollIntoViewIfNeeded();
    const slot = await cell.evaluate((c) => {
      const out = c.querySelector('.jp-OutputArea-output[data-mime-type="text/plain"]');
      const child = out?.closest(".jp-OutputArea-child") as HTMLElement | null;
      return {
        found: out !== null,
        display: child ? getComputedStyle(child).display : "missing",
        height: (c.querySelector(".jp-Cell-outputWrapper") as HTMLElement | null)?.offsetHeight ?? -1,
      };
    });
    expect(slot).toEqual({ found: true, display: "none", height: 0 });
    // Outputs with text are untouched.
    const first = page.locator(".jp-Cell").first().locator(".jp-Cell-outputWrapper");
    expect(await first.evaluate((w) => (w as HTMLElement).offsetHeight)).toBeGreaterThan(100);
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

  it("draws the error box in the dark theme with JupyterLab's colours and readable contrast", async () => {
    const box = page.locator(".jp-TslabAsyncioTimeline-error:not([hidden])").first();
    await box.scrollIntoViewIfNeeded();
    const ratio = await box.evaluate((el) => {
      const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      // The background as painted: translucent layers blended over the first opaque ancestor.
      const layers: number[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        const a = c.length > 3 ? c[3] : 1;
        if (a > 0) layers.push([c[0], c[1], c[2], a]);
        if (a >= 1) break;
      }
      let bg = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse())
        bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
      const fgc = parse(getComputedStyle(el).color);
      const fa = fgc.length > 3 ? fgc[3] : 1;
      const fg = [0, 1, 2].map((i) => fgc[i] * fa + bg[i] * (1 - fa));
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    });
    expect(await page.evaluate(() => document.body.dataset.jpThemeName)).toBe("JupyterLab Dark");
    expect(ratio).toBeGreaterThanOrEqual(4.5);
    await box.screenshot({ path: path.join(ARTIFACTS, "error-dark.png") });
  });

  it("repaints with the theme chosen while its output was collapsed, once the output shows again", async () => {
    const canvas = await page.locator(CANVASES).first().elementHandle();
    if (canvas === null) throw new Error("no timeline canvas on the page");
    const corner = () =>
      canvas.evaluate((c: HTMLCanvasElement) =>
        Array.from(c.getContext("2d")!.getImageData(1, 1, 1, 1).data),
      );
    const before = await corner();
    // Collapsing a cell's output (its blue bar) takes the output widget out of the page, as windowing does.
    const index = await page.evaluate((target) => {
      const all = (window as unknown as NotebookWindow).jupyterapp.shell.currentWidget.content.widgets;
      const at = all.findIndex((c) => c.node.contains(target));
      if (at < 0) throw new Error("no cell holds the timeline canvas");
      all[at].outputHidden = true;
      return at;
    }, canvas);
    expect(await canvas.evaluate((c) => c.isConnected)).toBe(false);
    // Whichever theme is on, the other one: the test does not depend on the ones before it.
    const theme =
      (await page.evaluate(() => document.body.dataset.jpThemeName)) === "JupyterLab Light"
        ? "JupyterLab Dark"
        : "JupyterLab Light";
    await page.evaluate(
      (theme) =>
        (
          window as unknown as {
            jupyterapp: { commands: { execute(id: string, args: object): Promise<unknown> } };
          }
        ).jupyterapp.commands.execute("apputils:change-theme", { theme }),
      theme,
    );
    await page.waitForFunction((theme) => document.body.dataset.jpThemeName === theme, theme);
    // The theme's background as the browser resolves it (the light theme names it: `white`).
    const expected = parseColor(
      await page.evaluate(() => {
        const probe = document.body.appendChild(document.createElement("div"));
        probe.style.background = "var(--jp-layout-color0)";
        const resolved = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return resolved;
      }),
    );
    expect(expected).toBeDefined();
    expect(expected).not.toEqual(before);
    await page.evaluate((at) => {
      (window as unknown as NotebookWindow).jupyterapp.shell.currentWidget.content.widgets[at].outputHidden =
        false;
    }, index);
    expect(await canvas.evaluate((c) => c.isConnected)).toBe(true);
    let seen = await corner();
    for (let i = 0; i < 50 && JSON.stringify(seen) !== JSON.stringify(expected); i++) {
      await page.waitForTimeout(100);
      seen = await corner();
    }
    expect(seen).toEqual(expected);
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
