import type { LaneLayout, Timeline } from "../timeline/index";

/**
 * Pixel categories. A task paints its lifetime in a "waiting" category (suspended at an await) and its
 * running segments in a "running" one, per state: category = state for running, 4 + state for waiting.
 */
export const CATEGORIES = 8;
/** Shades per category: dense rows shade by how many of their lanes are busy, 1 (few) .. 7 (many). */
export const LEVELS = 8;
/** Which category wins a pixel: running beats waiting, failures beat the rest. */
const PRIORITY = [1, 2, 3, 0, 5, 6, 7, 4];

/** Input of {@link rasterize}. All sizes in device pixels. */
export interface RasterInput {
  timeline: Timeline;
  layout: LaneLayout;
  t0: number;
  t1: number;
  width: number;
  height: number;
  /** Device pixels per lane; below 1, lanes that fall into the same pixel row are merged (density view). */
  laneHeight: number;
  /** First lane drawn at the top (default 0) and how many lanes the plot shows (default all). */
  firstLane?: number;
  laneCount?: number;
  /** Packed colours indexed `category * LEVELS + level`. */
  palette: Uint32Array;
  /** Packed background colour. */
  background: number;
}

/** Scratch arrays kept between calls, so that a pan or zoom redraw allocates nothing. */
let scratchDiff = new Int32Array(0);
const scratchSums = new Int32Array(CATEGORIES);
/** The categories present in a pixel row, in priority order, for each 8-bit mask of categories. */
const CATS_OF_MASK: Uint8Array[] = Array.from({ length: 1 << CATEGORIES }, (_, mask) =>
  Uint8Array.from(PRIORITY.filter((c) => mask & (1 << c))),
);

/**
 * Draws every task bar into a pixel buffer, in time linear in the number of tasks and segments plus the
 * number of pixels they cover: each bar adds +1/-1 to a per-category difference array of its pixel row, so
 * bars narrower than a pixel merge for free and 100,000 bars cost no more than their count. Only the columns
 * between a pixel row's leftmost and rightmost bar are scanned; the rest of the row keeps the background.
 *
 * @returns `width * height` packed pixels (row-major), ready for an `ImageData` over the same buffer.
 */
export function rasterize(input: RasterInput, out?: Uint32Array): Uint32Array {
  const { timeline: t, layout, t0, t1, palette, background, laneHeight } = input;
  const W = Math.max(0, Math.floor(input.width));
  const H = Math.max(0, Math.floor(input.height));
  const pixels = out && out.length === W * H ? out : new Uint32Array(W * H);
  pixels.fill(background);
  const first = Math.max(0, Math.floor(input.firstLane ?? 0));
  const lanes = Math.min(t.count, first + Math.max(0, Math.floor(input.laneCount ?? t.count)));
  if (W === 0 || H === 0 || lanes === 0 || !(t1 > t0) || !(laneHeight > 0)) return pixels;
  const stride = W + 1;
  if (scratchDiff.length < CATEGORIES * stride) scratchDiff = new Int32Array(CATEGORIES * stride);
  const diff = scratchDiff;
  // Each row clears what it wrote; clearing here as well keeps a call that threw from spoiling the next.
  diff.fill(0, 0, CATEGORIES * stride);
  const sums = scratchSums;
  const scale = W / (t1 - t0);
  const { start, stop, state, segIndex, segFrom, segTo } = t;
  const { rowOfLane } = layout;
  // Rows inside a lane left blank so neighbouring lanes stay apart.
  const inset = laneHeight >= 4 ? Math.max(1, Math.floor(laneHeight * 0.15)) : 0;
  const gap = laneHeight >= 2 && inset === 0 ? 1 : 0;
  const bottom = Math.max(inset, gap);

  let lane = first;
  while (lane < lanes) {
    const y0 = Math.floor((lane - first) * laneHeight);
    if (y0 >= H) break;
    let last = lane + 1;
    let y1: number;
    if (laneHeight >= 1) y1 = Math.min(H, Math.floor((last - first) * laneHeight));
    else {
      while (last < lanes && Math.floor((last - first) * laneHeight) === y0) last++;
      y1 = y0 + 1;
    }
    let touched = 0;
    // Leftmost and rightmost difference entries written for this pixel row.
    let lo = stride;
    let hi = -1;
    for (let k = lane; k < last; k++) {
      const r = rowOfLane[k];
      if (stop[r] < t0 || start[r] > t1) continue;
      const st = state[r];
      // The task's lifetime in its waiting category first, then each running segment.
      const segs = segIndex[r];
      for (let s = segs - 1; s < segIndex[r + 1]; s++) {
        const whole = s < segs;
        const a = whole ? start[r] : segFrom[s];
        const b = whole ? stop[r] : segTo[s];
        if (b < t0 || a > t1) continue;
        const c = whole ? 4 + st : st;
        let x0 = Math.floor((a - t0) * scale);
        let x1 = Math.ceil((b - t0) * scale);
        if (x0 < 0) x0 = 0;
        if (x0 > W - 1) x0 = W - 1;
        if (x1 > W) x1 = W;
        if (x1 <= x0) x1 = x0 + 1;
        diff[c * stride + x0]++;
        diff[c * stride + x1]--;
        if (x0 < lo) lo = x0;
        if (x1 > hi) hi = x1;
        touched |= 1 << c;
      }
    }
    if (touched !== 0) {
      const cats = CATS_OF_MASK[touched];
      const nCats = cats.length;
      const group = last - lane;
      // Every span ends by `hi`, so the sums are back to 0 there and the row is background from it on.
      const thin = y1 - bottom <= y0 + inset;
      const top = thin ? y0 : y0 + inset;
      const end = thin ? y0 + 1 : y1 - bottom;
      const rowAt = top * W;
      sums.fill(0);
      for (let x = lo; x < hi; x++) {
        let color = background;
        let found = false;
        for (let i = 0; i < nCats; i++) {
          const c = cats[i];
          const v = (sums[c] += diff[c * stride + x]);
          if (!found && v > 0) {
            found = true;
            // Full colour for a single lane; in the density view, shade by the share of busy lanes.
            const level = group === 1 ? LEVELS - 1 : Math.min(LEVELS - 1, 1 + Math.floor((12 * v) / group));
            color = palette[c * LEVELS + level];
          }
        }
        pixels[rowAt + x] = color;
      }
      for (let i = 0; i < nCats; i++) diff.fill(0, cats[i] * stride + lo, cats[i] * stride + hi + 1);
      for (let y = top + 1; y < end; y++) pixels.copyWithin(y * W + lo, rowAt + lo, rowAt + hi);
    }
    lane = last;
  }
  return pixels;
}
