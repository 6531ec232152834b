import type { LaneLayout, Timeline } from "../timeline/index";
import { xToTime, type Geometry } from "./geometry";
import type { LaneWindow, View } from "./view";

/** Most lanes looked at for one pointer position (a pixel row of the density view can hold thousands). */
const MAX_CANDIDATES = 20000;

/**
 * Lanes drawn at a CSS pixel offset `top` from the plot's top, as `[first, end)`. Tall lanes: the one lane
 * under the point. Thin lanes: every lane the density view merged into that pixel row (lane k of the
 * window is drawn in pixel row floor(k * rowH)).
 */
export function lanesAt(top: number, rowH: number, lanes: LaneWindow): [number, number] {
  let lo: number;
  let hi: number;
  if (rowH >= 1) {
    lo = Math.floor(top / rowH);
    hi = lo + 1;
  } else {
    const p = Math.floor(top);
    lo = Math.ceil(p / rowH);
    hi = Math.ceil((p + 1) / rowH);
  }
  lo = Math.max(0, lo);
  hi = Math.min(lanes.count, hi, lo + MAX_CANDIDATES);
  return [lanes.first + lo, lanes.first + Math.max(lo, hi)];
}

/**
 * The row of the task under a point (CSS pixels, canvas coordinates), or -1. A bar is hit within one pixel
 * of its ends (bars are drawn at least a pixel wide); among tasks sharing a pixel row, one that is running
 * at that time wins over one that is suspended.
 */
export function hitTest(
  t: Timeline,
  layout: LaneLayout,
  g: Geometry,
  view: View,
  x: number,
  y: number,
  lanes: LaneWindow = { first: 0, count: t.count },
): number {
  if (x < g.plotX || x > g.plotX + g.plotW || y < g.plotY || y >= g.plotY + g.plotH || t.count === 0) {
    return -1;
  }
  const ms = xToTime(x, g, view.t0, view.t1);
  const tol = (view.t1 - view.t0) / g.plotW;
  const [lo, hi] = lanesAt(y - g.plotY, g.plotH / Math.max(1, lanes.count), lanes);
  let best = -1;
  for (let lane = lo; lane < Math.min(hi, t.count); lane++) {
    const r = layout.rowOfLane[lane];
    if (t.start[r] - tol > ms || t.stop[r] + tol < ms) continue;
    for (let s = t.segIndex[r]; s < t.segIndex[r + 1]; s++) {
      if (t.segFrom[s] - tol <= ms && ms <= t.segTo[s] + tol) return r;
    }
    if (best < 0) best = r;
  }
  return best;
}
