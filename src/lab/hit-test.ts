import type { LaneLayout, Timeline } from "../timeline/index";
import { xToTime, type Geometry } from "./geometry";
import type { View } from "./view";

/** Most lanes looked at for one pointer position (a pixel row of the density view can hold thousands). */
const MAX_CANDIDATES = 20000;

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
): number {
  if (x < g.plotX || x > g.plotX + g.plotW || y < g.plotY || y >= g.plotY + g.plotH || t.count === 0)
    return -1;
  const ms = xToTime(x, g, view.t0, view.t1);
  const tol = (view.t1 - view.t0) / g.plotW;
  const top = y - g.plotY;
  const lo = Math.max(0, Math.floor(top / g.rowH));
  const hi = Math.min(
    t.count,
    g.rowH >= 1 ? lo + 1 : Math.floor((top + 1) / g.rowH) + 1,
    lo + MAX_CANDIDATES,
  );
  let best = -1;
  for (let lane = lo; lane < hi; lane++) {
    const r = layout.rowOfLane[lane];
    if (t.start[r] - tol > ms || t.stop[r] + tol < ms) continue;
    for (let s = t.segIndex[r]; s < t.segIndex[r + 1]; s++) {
      if (t.segFrom[s] - tol <= ms && ms <= t.segTo[s] + tol) return r;
    }
    if (best < 0) best = r;
  }
  return best;
}
