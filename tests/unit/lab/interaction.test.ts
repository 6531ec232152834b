import { blend, packColor, parseColor } from "../../../src/lab/colors";
import { ellipsize } from "../../../src/lab/draw";
import { computeGeometry, timeToX, xToTime } from "../../../src/lab/geometry";
import { hitTest } from "../../../src/lab/hit-test";
import {
  MIN_SPAN_MS,
  allLanes,
  clampLanes,
  clampView,
  fullView,
  panView,
  zoomLanes,
  zoomView,
} from "../../../src/lab/view";
import { TimelineBuilder, decodeTimeline, layoutLanes } from "../../../src/timeline";
import { threeTasks } from "./helpers";

describe("view", () => {
  const full = fullView(100);

  it("zooms around the anchor and never past the whole timeline or one microsecond", () => {
    expect(zoomView(full, 50, 2, full)).toEqual({ t0: 25, t1: 75 });
    expect(zoomView(full, 0, 4, full)).toEqual({ t0: 0, t1: 25 });
    expect(zoomView(full, 50, 0.5, full)).toEqual(full);
    const tiny = zoomView(full, 10, 1e9, full);
    expect(tiny.t1 - tiny.t0).toBeCloseTo(MIN_SPAN_MS, 12);
  });

  it("pans within the timeline", () => {
    const v = { t0: 10, t1: 20 };
    expect(panView(v, 5, full)).toEqual({ t0: 15, t1: 25 });
    expect(panView(v, -50, full)).toEqual({ t0: 0, t1: 10 });
    expect(panView(v, 500, full)).toEqual({ t0: 90, t1: 100 });
    expect(clampView({ t0: -5, t1: 500 }, full)).toEqual(full);
  });
});

describe("lane window", () => {
  it("zooms lanes around an anchor, at least one lane per step, within the timeline", () => {
    expect(zoomLanes(allLanes(100), 50, 2, 100)).toEqual({ first: 25, count: 50 });
    expect(zoomLanes({ first: 0, count: 3 }, 0, 1.01, 100)).toEqual({ first: 0, count: 2 });
    expect(zoomLanes({ first: 0, count: 1 }, 0, 2, 100)).toEqual({ first: 0, count: 1 });
    expect(zoomLanes({ first: 90, count: 10 }, 95, 0.1, 100)).toEqual(allLanes(100));
  });

  it("clamps a scrolled window", () => {
    expect(clampLanes({ first: 95, count: 10 }, 100)).toEqual({ first: 90, count: 10 });
    expect(clampLanes({ first: -3.4, count: 10 }, 100)).toEqual({ first: 0, count: 10 });
  });
});

describe("geometry", () => {
  it("labels tall lanes and compresses many lanes into at most 420 px", () => {
    const few = computeGeometry(3, 800, false);
    expect([few.rowH, few.gutter > 0, few.lagH, few.plotH]).toEqual([18, true, 0, 54]);
    const many = computeGeometry(100_000, 800, true);
    expect([many.rowH, many.gutter, many.plotH, many.lagH]).toEqual([0.0042, 0, 420, 18]);
    expect(xToTime(timeToX(3.5, few, 0, 10), few, 0, 10)).toBeCloseTo(3.5, 9);
  });
});

describe("hitTest", () => {
  const { timeline, layout } = threeTasks();
  const g = computeGeometry(3, 400, false);
  const view = { t0: 0, t1: 10 };
  const at = (ms: number, lane: number) =>
    hitTest(timeline, layout, g, view, timeToX(ms, g, 0, 10), g.plotY + (lane + 0.5) * g.rowH);

  it("finds the task under the pointer by lane and time", () => {
    expect(timeline.name(at(5, 0))).toBe("a");
    expect(timeline.name(at(3, 1))).toBe("b");
    expect(timeline.name(at(7.5, 2))).toBe("c");
  });

  it("misses empty space, the gutter and the axis", () => {
    expect(at(9, 1)).toBe(-1);
    expect(hitTest(timeline, layout, g, view, 2, g.plotY + 2)).toBe(-1);
    expect(hitTest(timeline, layout, g, view, timeToX(5, g, 0, 10), g.axisY + 5)).toBe(-1);
  });

  it("hits lanes of a window scrolled into a dense timeline", () => {
    const b = new TimelineBuilder({ origin: 0 });
    for (let i = 0; i < 1000; i++) b.addTask({ id: i + 1, start: 0, end: 10 });
    const t = decodeTimeline(b.build());
    const dense = computeGeometry(t.count, 400, false);
    const lanes = { first: 500, count: 10 };
    const rowH = dense.plotH / lanes.count;
    const row = hitTest(
      t,
      layoutLanes(t),
      dense,
      view,
      timeToX(5, dense, 0, 10),
      dense.plotY + 2.5 * rowH,
      lanes,
    );
    expect(t.id[row]).toBe(503);
  });

  it("prefers a running task among the lanes of a dense pixel row", () => {
    const b = new TimelineBuilder({ origin: 0 });
    for (let i = 0; i < 1000; i++)
      b.addTask({ id: i + 1, start: 0, end: 10, segments: i === 1 ? [[4, 6]] : [] });
    const t = decodeTimeline(b.build());
    const dense = computeGeometry(t.count, 400, false);
    const row = hitTest(t, layoutLanes(t), dense, view, timeToX(5, dense, 0, 10), dense.plotY + 0.5);
    expect(t.id[row]).toBe(2);
    const below = hitTest(t, layoutLanes(t), dense, view, timeToX(5, dense, 0, 10), dense.plotY + 1.5);
    expect(t.id[below]).toBe(4);
  });
});

describe("colors", () => {
  it.each([
    ["#1976d2", [25, 118, 210, 255]],
    ["#fff", [255, 255, 255, 255]],
    ["#00000080", [0, 0, 0, 128]],
    ["rgb(10, 20, 30)", [10, 20, 30, 255]],
    ["rgba(0, 0, 0, 0.87)", [0, 0, 0, 222]],
    [" rgb(1 2 3 / 50%) ", [1, 2, 3, 128]],
  ])("parses %s", (css, rgba) => {
    expect(parseColor(css)).toEqual(rgba);
  });

  it("rejects what it cannot parse", () => {
    expect(parseColor("var(--jp-brand-color1)")).toBeUndefined();
    expect(parseColor("#12345")).toBeUndefined();
  });

  it("blends over a background and packs little-endian RGBA", () => {
    expect(blend([0, 0, 0, 255], [255, 255, 255, 255], 0.5)).toEqual([128, 128, 128, 255]);
    expect(packColor([1, 2, 3, 255]).toString(16)).toBe("ff030201");
  });
});

describe("ellipsize", () => {
  /** A context whose characters are 7 px wide in the 11 px font and 10 px in any other. */
  function fakeContext() {
    const calls: string[] = [];
    const ctx = {
      font: "11px sans-serif",
      measureText(text: string) {
        calls.push(text);
        return { width: [...text].length * (ctx.font.startsWith("11px") ? 7 : 10) };
      },
    };
    return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
  }

  it("keeps text that fits and cuts the middle of text that does not", () => {
    const { ctx } = fakeContext();
    expect(ellipsize(ctx, "short", 70)).toBe("short");
    const cut = ellipsize(ctx, "fetch https://example.com/users/1", 70);
    expect(cut).toBe("fetch…rs/1");
    expect([...cut].length * 7).toBeLessThanOrEqual(70);
    expect(ellipsize(ctx, "anything", 0)).toBe("");
  });

  it("measures a label once per font and width, however often it is drawn", () => {
    const { ctx, calls } = fakeContext();
    const name = "a label that is too long for its column";
    const first = ellipsize(ctx, name, 91);
    const measured = calls.length;
    expect(measured).toBeGreaterThan(1);
    for (let i = 0; i < 5; i++) expect(ellipsize(ctx, name, 91)).toBe(first);
    expect(calls.length).toBe(measured);
    // Another font or width is measured again, with its own result.
    ctx.font = "14px sans-serif";
    const wider = ellipsize(ctx, name, 91);
    expect(calls.length).toBeGreaterThan(measured);
    expect([...wider].length * 10).toBeLessThanOrEqual(91);
    expect(wider).not.toBe(first);
  });
});
