/** The visible time range of a timeline, in ms from its origin. */
export interface View {
  t0: number;
  t1: number;
}

/** Narrowest view: one microsecond across the whole plot. */
export const MIN_SPAN_MS = 0.001;

/** The view showing a whole timeline that ends at `end` ms, from its first task's `start` (no blank lead-in). */
export function fullView(end: number, start = 0): View {
  const t0 = Number.isFinite(start) && start > 0 && start < end ? start : 0;
  return { t0, t1: Math.max(end, t0 + MIN_SPAN_MS) };
}

/** Keeps a view inside `full`, shifting it rather than shrinking it where possible. */
export function clampView(v: View, full: View): View {
  const span = Math.min(Math.max(v.t1 - v.t0, MIN_SPAN_MS), full.t1 - full.t0);
  let t0 = Math.min(Math.max(v.t0, full.t0), full.t1 - span);
  if (!Number.isFinite(t0)) t0 = full.t0;
  return { t0, t1: t0 + span };
}

/** Zooms by `factor` (> 1 zooms in) keeping time `anchor` at the same place on screen. */
export function zoomView(v: View, anchor: number, factor: number, full: View): View {
  const span = v.t1 - v.t0;
  const next = Math.min(Math.max(span / factor, MIN_SPAN_MS), full.t1 - full.t0);
  const t0 = anchor - ((anchor - v.t0) / span) * next;
  return clampView({ t0, t1: t0 + next }, full);
}

/** Moves the view by `deltaMs` (positive: later). */
export function panView(v: View, deltaMs: number, full: View): View {
  return clampView({ t0: v.t0 + deltaMs, t1: v.t1 + deltaMs }, full);
}

/** True when two views show the same range (within a nanosecond). */
export function sameView(a: View, b: View): boolean {
  return Math.abs(a.t0 - b.t0) < 1e-6 && Math.abs(a.t1 - b.t1) < 1e-6;
}

/** The visible lanes: `count` lanes from `first`, stretched over the plot's fixed height. */
export interface LaneWindow {
  first: number;
  count: number;
}

/** All lanes of a timeline with `lanes` lanes. */
export function allLanes(lanes: number): LaneWindow {
  return { first: 0, count: Math.max(1, lanes) };
}

/** Keeps a lane window inside `[0, total)` with at least one lane. */
export function clampLanes(w: LaneWindow, total: number): LaneWindow {
  const count = Math.min(Math.max(1, Math.round(w.count)), Math.max(1, total));
  const first = Math.min(Math.max(0, Math.round(w.first)), Math.max(0, total - count));
  return { first, count };
}

/** Shows `factor` times fewer lanes (> 1 zooms in), keeping lane `anchor` at the same height. */
export function zoomLanes(w: LaneWindow, anchor: number, factor: number, total: number): LaneWindow {
  // Always move by at least one lane, so small steps still zoom a handful of lanes.
  const wanted =
    factor > 1
      ? Math.min(w.count - 1, Math.floor(w.count / factor))
      : Math.max(w.count + 1, Math.ceil(w.count / factor));
  const count = Math.min(Math.max(1, wanted), Math.max(1, total));
  const first = anchor - ((anchor - w.first) / w.count) * count;
  return clampLanes({ first, count }, total);
}
