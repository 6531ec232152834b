import { rasterize } from "../../../src/lab/raster";
import { computeGeometry } from "../../../src/lab/geometry";
import { hitTest } from "../../../src/lab/hit-test";
import { fullView } from "../../../src/lab/view";
import {
  decodeTimeline,
  layoutLanes,
  toHtml,
  toText,
  toTrace,
  validateTimeline,
} from "../../../src/timeline";
import { smallTimeline } from "./helpers";
import { seededRandom } from "../../support/seeded-random";

const ODD_VALUES: unknown[] = [-1, 0, 1, 2, 3, 15, 16, 1.5, 1e300, 2 ** 53, NaN, null, "1", [], {}, true, -0];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mutate(p: any, random: () => number): void {
  const tables = ["tasks", "segments", "errors", "lag", "slow", "cells"];
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const r = random();
  if (r < 0.1) p[pick(["version", "tick", "origin", "end", "title"])] = pick(ODD_VALUES);
  else if (r < 0.15) delete p[pick(tables)];
  else {
    const table = p[pick(tables)];
    if (!table) return;
    const key = pick(Object.keys(table));
    const col = table[key];
    if (random() < 0.2) col.push(pick(ODD_VALUES));
    else if (random() < 0.1) col.pop();
    else if (col.length > 0) col[Math.floor(random() * col.length)] = pick(ODD_VALUES);
  }
}

describe("hostile payloads", () => {
  it("are either rejected by the validator or drawn, exported and summarised without throwing", () => {
    const random = seededRandom(42);
    let accepted = 0;
    for (let i = 0; i < 600; i++) {
      const p = JSON.parse(JSON.stringify(smallTimeline()));
      const edits = 1 + Math.floor(random() * 3);
      for (let k = 0; k < edits; k++) mutate(p, random);
      const result = validateTimeline(p);
      if (!result.valid) {
        expect(result.errors.length).toBeGreaterThan(0);
        continue;
      }
      accepted++;
      const t = decodeTimeline(result.payload);
      const layout = layoutLanes(t);
      for (const v of [...t.start, ...t.stop, ...t.segFrom, ...t.segTo, t.end])
        expect(Number.isFinite(v)).toBe(true);
      const g = computeGeometry(t.count, 300, t.lag.t.length > 0);
      const view = fullView(t.end);
      const palette = new Uint32Array(64).fill(7);
      rasterize({
        timeline: t,
        layout,
        t0: view.t0,
        t1: view.t1,
        width: 50,
        height: 20,
        laneHeight: 20 / Math.max(1, t.count),
        palette,
        background: 0,
      });
      hitTest(t, layout, g, view, g.plotX + 10, g.plotY + 1);
      expect(typeof toHtml(result.payload)).toBe("string");
      expect(typeof toText(result.payload)).toBe("string");
      expect(JSON.parse(JSON.stringify(toTrace(result.payload))).traceEvents.length).toBeGreaterThan(0);
    }
    // Some mutations keep the payload valid (e.g. another in-range index); they must be exercised too.
    expect(accepted).toBeGreaterThan(20);
  });
});
