import { TimelineBuilder, decodeTimeline, layoutLanes } from "../../../src/timeline";
import { LEVELS, rasterize } from "../../../src/lab/raster";
import { threeTasks } from "./helpers";
import { seededRandom } from "../../support/seeded-random";

/** A palette whose colour says its category and level: 100 + category * LEVELS + level. */
const palette = Uint32Array.from({ length: 8 * LEVELS }, (_, i) => 100 + i);
const BG = 1;
const cat = (px: number) => Math.floor((px - 100) / LEVELS);
const level = (px: number) => (px - 100) % LEVELS;

function rows(pixels: Uint32Array, width: number): number[][] {
  const out: number[][] = [];
  for (let y = 0; y < pixels.length / width; y++)
    out.push(Array.from(pixels.subarray(y * width, (y + 1) * width)));
  return out;
}

describe("rasterize", () => {
  it("paints running segments over suspended spans, one lane per row, in full colour", () => {
    const { timeline, layout } = threeTasks();
    const px = rasterize({
      timeline,
      layout,
      t0: 0,
      t1: 10,
      width: 10,
      height: 3,
      laneHeight: 1,
      palette,
      background: BG,
    });
    const [a, b, c] = rows(px, 10);
    // a: running (done = category 0) for 0..2, waiting (category 4) after.
    expect(a.map(cat)).toEqual([0, 0, 4, 4, 4, 4, 4, 4, 4, 4]);
    // b: failed waiting (5) 2..4, failed running (1) 4..6.
    expect(b.map((p) => (p === BG ? -1 : cat(p)))).toEqual([-1, -1, 5, 5, 1, 1, -1, -1, -1, -1]);
    // c: cancelled waiting (6).
    expect(c.map((p) => (p === BG ? -1 : cat(p)))).toEqual([-1, -1, -1, -1, -1, -1, -1, 6, -1, -1]);
    expect(level(a[0])).toBe(LEVELS - 1);
  });

  it("keeps bars narrower than a pixel one pixel wide and merges neighbours", () => {
    const b = new TimelineBuilder({ origin: 0 });
    b.addTask({
      id: 1,
      start: 0,
      end: 100,
      segments: [
        [10, 10.01],
        [10.02, 10.03],
        [50, 50.001],
      ],
    });
    const timeline = decodeTimeline(b.build());
    const px = rasterize({
      timeline,
      layout: layoutLanes(timeline),
      t0: 0,
      t1: 100,
      width: 100,
      height: 1,
      laneHeight: 1,
      palette,
      background: BG,
    });
    const running = Array.from(px)
      .map((p, x) => (cat(p) === 0 ? x : -1))
      .filter((x) => x >= 0);
    expect(running).toEqual([10, 50]);
  });

  it("merges lanes that share a pixel row into a shaded density view", () => {
    const b = new TimelineBuilder({ origin: 0 });
    for (let i = 0; i < 1000; i++)
      b.addTask({ id: i + 1, start: i < 100 ? 0 : 5, end: 10, segments: [[9, 10]] });
    const timeline = decodeTimeline(b.build());
    const px = rasterize({
      timeline,
      layout: layoutLanes(timeline),
      t0: 0,
      t1: 10,
      width: 10,
      height: 10,
      laneHeight: 0.01,
      palette,
      background: BG,
    });
    const grid = rows(px, 10);
    // Row 0 holds the first 100 lanes: waiting from 0, running at the end.
    expect(grid[0].map(cat)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4, 0]);
    expect(grid[5].slice(0, 5)).toEqual([BG, BG, BG, BG, BG]);
    expect(level(grid[0][9])).toBe(LEVELS - 1);
  });

  it("shades a dense row by how many of its lanes are busy", () => {
    const b = new TimelineBuilder({ origin: 0 });
    for (let i = 0; i < 100; i++) b.addTask({ id: i + 1, start: 0, end: i === 0 ? 10 : 5 });
    const timeline = decodeTimeline(b.build());
    const px = rasterize({
      timeline,
      layout: layoutLanes(timeline),
      t0: 0,
      t1: 10,
      width: 10,
      height: 1,
      laneHeight: 0.01,
      palette,
      background: BG,
    });
    expect(level(px[0])).toBe(LEVELS - 1);
    expect(level(px[9])).toBe(1);
  });

  it("skips tasks outside the view and fills an empty timeline with the background", () => {
    const { timeline, layout } = threeTasks();
    const px = rasterize({
      timeline,
      layout,
      t0: 20,
      t1: 30,
      width: 4,
      height: 3,
      laneHeight: 1,
      palette,
      background: BG,
    });
    expect(Array.from(px).every((p) => p === BG)).toBe(true);
    const empty = decodeTimeline(new TimelineBuilder().build());
    const none = rasterize({
      timeline: empty,
      layout: layoutLanes(empty),
      t0: 0,
      t1: 1,
      width: 3,
      height: 2,
      laneHeight: 1,
      palette,
      background: BG,
    });
    expect(Array.from(none)).toEqual([BG, BG, BG, BG, BG, BG]);
  });

  it("leaves a gap between lanes once they are tall enough", () => {
    const { timeline, layout } = threeTasks();
    const px = rasterize({
      timeline,
      layout,
      t0: 0,
      t1: 10,
      width: 10,
      height: 30,
      laneHeight: 10,
      palette,
      background: BG,
    });
    const column = rows(px, 10).map((r) => r[0]);
    expect(column.slice(0, 10)).toEqual([BG, ...Array(8).fill(column[1]), BG]);
  });
});

describe("rasterize with a lane window", () => {
  it("draws only the window's lanes, from the top", () => {
    const { timeline, layout } = threeTasks();
    const px = rasterize({
      timeline,
      layout,
      t0: 0,
      t1: 10,
      width: 10,
      height: 2,
      laneHeight: 1,
      firstLane: 1,
      laneCount: 2,
      palette,
      background: BG,
    });
    const [b, c] = rows(px, 10);
    expect(b.map((p) => (p === BG ? -1 : cat(p)))).toEqual([-1, -1, 5, 5, 1, 1, -1, -1, -1, -1]);
    expect(c.map((p) => (p === BG ? -1 : cat(p)))).toEqual([-1, -1, -1, -1, -1, -1, -1, 6, -1, -1]);
  });
});

/**
 * The rasteriser's rules written the slow, obvious way: for every pixel, count the bars of each category
 * that cover it, then pick the winning category. Used to check the fast path pixel for pixel.
 */
function referenceRaster(input: Parameters<typeof rasterize>[0]): Uint32Array {
  const { timeline: t, layout, t0, t1, width: W, height: H, laneHeight: lh, palette: pal } = input;
  const out = new Uint32Array(W * H).fill(input.background);
  const first = input.firstLane ?? 0;
  const lanes = Math.min(t.count, first + (input.laneCount ?? t.count));
  const priority = [1, 2, 3, 0, 5, 6, 7, 4];
  const scale = W / (t1 - t0);
  const covers = (a: number, b: number, x: number) => {
    const x0 = Math.min(Math.max(Math.floor((a - t0) * scale), 0), W - 1);
    const x1 = Math.max(Math.min(Math.ceil((b - t0) * scale), W), x0 + 1);
    return x >= x0 && x < x1;
  };
  const inset = lh >= 4 ? Math.max(1, Math.floor(lh * 0.15)) : 0;
  const gap = lh >= 2 && inset === 0 ? 1 : 0;
  // Pixel rows of each group of lanes that share one.
  const groups: { lanes: number[]; rows: number[] }[] = [];
  for (let k = first; k < lanes; k++) {
    const y0 = Math.floor((k - first) * lh);
    if (y0 >= H) break;
    const previous = groups[groups.length - 1];
    if (lh < 1 && previous && previous.rows[0] === y0) previous.lanes.push(k);
    else {
      const y1 = lh >= 1 ? Math.min(H, Math.floor((k + 1 - first) * lh)) : y0 + 1;
      const rows = [];
      for (let y = y0 + inset; y < y1 - Math.max(inset, gap); y++) rows.push(y);
      groups.push({ lanes: [k], rows: rows.length > 0 ? rows : [y0] });
    }
  }
  for (const { lanes: members, rows } of groups) {
    for (let x = 0; x < W; x++) {
      const count = new Array<number>(8).fill(0);
      for (const k of members) {
        const r = layout.rowOfLane[k];
        if (t.stop[r] < t0 || t.start[r] > t1) continue;
        if (covers(t.start[r], t.stop[r], x)) count[4 + t.state[r]]++;
        for (let s = t.segIndex[r]; s < t.segIndex[r + 1]; s++) {
          if (t.segTo[s] < t0 || t.segFrom[s] > t1) continue;
          if (covers(t.segFrom[s], t.segTo[s], x)) count[t.state[r]]++;
        }
      }
      const c = priority.find((p) => count[p] > 0);
      if (c === undefined) continue;
      const n = members.length;
      const lv = n === 1 ? LEVELS - 1 : Math.min(LEVELS - 1, 1 + Math.floor((12 * count[c]) / n));
      for (const y of rows) out[y * W + x] = pal[c * LEVELS + lv];
    }
  }
  return out;
}

describe("rasterize against a pixel-by-pixel reference", () => {
  it("paints the same pixels as counting the bars over every pixel, for random timelines and views", () => {
    const random = seededRandom(7);
    const states = ["done", "failed", "cancelled", "pending"] as const;
    let compared = 0;
    for (let round = 0; round < 60; round++) {
      const b = new TimelineBuilder({ origin: 0 });
      const n = 1 + Math.floor(random() * 300);
      for (let i = 0; i < n; i++) {
        const start = random() * 100;
        const end = start + random() * (random() < 0.5 ? 0.5 : 40);
        const segments: [number, number][] = [];
        let at = start;
        while (random() < 0.6 && at < end) {
          const from = at + random() * (end - at);
          const to = Math.min(end, from + random() * 3);
          segments.push([from, to]);
          at = to;
        }
        const state = states[Math.floor(random() * 4)];
        b.addTask({
          id: i + 1,
          start,
          end,
          state,
          segments,
          parent: i > 0 && random() < 0.5 ? 1 : undefined,
        });
      }
      const timeline = decodeTimeline(b.build());
      const layout = layoutLanes(timeline);
      const width = 1 + Math.floor(random() * 80);
      const height = 1 + Math.floor(random() * 60);
      const firstLane = random() < 0.3 ? Math.floor(random() * n) : 0;
      const laneCount = Math.max(1, random() < 0.3 ? Math.floor(random() * n) : n - firstLane);
      const t0 = random() < 0.5 ? 0 : random() * 90;
      const t1 = t0 + 0.01 + random() * (random() < 0.3 ? 1 : 120);
      const input = {
        timeline,
        layout,
        t0,
        t1,
        width,
        height,
        laneHeight: height / laneCount,
        firstLane,
        laneCount,
        palette,
        background: BG,
      };
      const fast = rasterize(input);
      expect(Array.from(fast)).toEqual(Array.from(referenceRaster(input)));
      // Reusing an output buffer and the rasteriser's scratch arrays changes nothing.
      const again = rasterize(input, new Uint32Array(width * height).fill(12345));
      expect(Array.from(again)).toEqual(Array.from(fast));
      if (fast.some((p) => p !== BG)) compared++;
    }
    // Most rounds drew something, so the comparison was not between two blank buffers.
    expect(compared).toBeGreaterThan(40);
  });
});
