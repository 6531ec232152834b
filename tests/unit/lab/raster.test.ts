import { TimelineBuilder, decodeTimeline, layoutLanes } from "../../../src/timeline";
import { LEVELS, rasterize } from "../../../src/lab/raster";
import { threeTasks } from "./helpers";

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
