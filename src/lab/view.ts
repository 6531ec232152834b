/** The visible time range of a timeline, in ms from its origin. */
export interface View {
  t0: number;
  t1: number;
}

/** Narrowest view: one microsecond across the whole plot. */
export const MIN_SPAN_MS = 0.001;

/** The view showing a whole timeline that ends at `end` ms. */
export function fullView(end: number): View {
  return { t0: 0, t1: Math.max(end, MIN_SPAN_MS) };
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
