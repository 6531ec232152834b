import { middleEllipsis, niceTicks, tickLabel, type LaneLayout, type Timeline } from "../timeline/index";
import { blend, cssColor, packColor, type Rgba } from "./colors";
import { timeToX, type Geometry } from "./geometry";
import { CATEGORIES, LEVELS, rasterize } from "./raster";
import { allLanes, type LaneWindow, type View } from "./view";

/** Colours and font for one paint, read from JupyterLab's theme variables. */
export interface Theme {
  background: Rgba;
  text: Rgba;
  muted: Rgba;
  grid: Rgba;
  /** Running colour per state: done, failed, cancelled, pending. */
  states: [Rgba, Rgba, Rgba, Rgba];
  lag: Rgba;
  slow: Rgba;
  font: string;
}

/** A light theme for pages without JupyterLab (benchmarks) and as the fallback of every variable. */
export const DEFAULT_THEME: Theme = {
  background: [255, 255, 255, 255],
  text: [33, 33, 33, 255],
  muted: [117, 117, 117, 255],
  grid: [224, 224, 224, 255],
  states: [
    [25, 118, 210, 255],
    [211, 47, 47, 255],
    [245, 124, 0, 255],
    [56, 142, 60, 255],
  ],
  lag: [245, 124, 0, 255],
  slow: [211, 47, 47, 255],
  font: "system-ui, -apple-system, sans-serif",
};

/** Packed pixel colours for {@link rasterize}: suspended spans are the running colour, translucent. */
export function makePalette(theme: Theme): Uint32Array {
  const palette = new Uint32Array(CATEGORIES * LEVELS);
  const [r, g, b] = theme.background;
  // Suspended spans need more opacity to stand out from a dark background.
  const waiting = 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 0.5 : 0.35;
  for (let c = 0; c < CATEGORIES; c++) {
    const base = theme.states[c % 4];
    const strength = c < 4 ? 1 : waiting;
    for (let level = 0; level < LEVELS; level++) {
      const alpha = strength * (0.3 + (0.7 * level) / (LEVELS - 1));
      palette[c * LEVELS + level] = packColor(blend(base, theme.background, alpha));
    }
  }
  return palette;
}

/** Everything one paint needs. */
export interface Scene {
  timeline: Timeline;
  layout: LaneLayout;
  view: View;
  geometry: Geometry;
  /** Device pixels per CSS pixel. */
  dpr: number;
  theme: Theme;
  palette: Uint32Array;
  /** Row to outline (the hovered task), or -1. */
  highlight: number;
  /** Lanes shown; default all. */
  lanes?: LaneWindow;
}

/**
 * Kept between paints: the pixel buffer (panning allocates nothing) and what it was rasterised from, so a
 * repaint for a hover highlight reuses the bars instead of rasterising 100,000 tasks again.
 */
export interface PaintCache {
  image?: ImageData;
  key?: readonly unknown[];
}

/**
 * Paints a whole timeline on a canvas already sized to `geometry` × `dpr`: bars as one `putImageData`, then
 * grid, time axis, cell boundaries, slow steps, the lag strip, lane labels and the highlight as vectors.
 *
 * @returns The time axis labels drawn, left to right.
 */
export function paint(ctx: CanvasRenderingContext2D, scene: Scene, cache: PaintCache = {}): string[] {
  const { timeline: t, layout, view, geometry: g, dpr, theme } = scene;
  const lanes = scene.lanes ?? allLanes(t.count);
  const { t0, t1 } = view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = cssColor(theme.background);
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);

  const px = Math.round(g.plotX * dpr);
  const py = Math.round(g.plotY * dpr);
  const pw = Math.max(1, Math.round(g.plotW * dpr));
  const ph = Math.max(1, Math.round(g.plotH * dpr));
  const key = [t, layout, t0, t1, pw, ph, scene.palette, lanes.first, lanes.count];
  const fresh = cache.image?.width === pw && cache.image.height === ph;
  const image = fresh && cache.image ? cache.image : ctx.createImageData(pw, ph);
  if (!fresh || !cache.key || key.some((v, i) => v !== cache.key?.[i])) {
    rasterize(
      {
        timeline: t,
        layout,
        t0,
        t1,
        width: pw,
        height: ph,
        laneHeight: ph / lanes.count,
        firstLane: lanes.first,
        laneCount: lanes.count,
        palette: scene.palette,
        background: packColor(theme.background),
      },
      new Uint32Array(image.data.buffer, image.data.byteOffset, pw * ph),
    );
  }
  cache.image = image;
  cache.key = key;
  ctx.putImageData(image, px, py);

  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = `11px ${theme.font}`;
  ctx.textBaseline = "alphabetic";
  const x = (ms: number) => timeToX(ms, g, t0, t1);

  // Grid and axis.
  const ticks = niceTicks(t0, t1, Math.max(2, Math.floor(g.plotW / 90)));
  ctx.fillStyle = cssColor(theme.grid, 0.5);
  for (const v of ticks.values) ctx.fillRect(Math.round(x(v)), g.plotY, 1, g.axisY - g.plotY + 4);
  ctx.fillStyle = cssColor(theme.grid);
  ctx.fillRect(g.plotX, g.axisY, g.plotW, 1);
  ctx.fillStyle = cssColor(theme.muted);
  ctx.textAlign = "center";
  const tickLabels: string[] = [];
  for (const v of ticks.values) {
    // Keep the first and last labels inside the canvas.
    const label = tickLabel(v, ticks.step);
    tickLabels.push(label);
    const half = ctx.measureText(label).width / 2 + 1;
    ctx.fillText(label, Math.min(Math.max(x(v), half), g.width - half), g.axisY + 15);
  }

  // Slow steps: a band over the plot and a marker on top.
  for (let i = 0; i < t.slow.t.length; i++) {
    const a = x(t.slow.t[i]);
    const b = x(t.slow.t[i] + t.slow.ms[i]);
    if (b < g.plotX || a > g.plotX + g.plotW) continue;
    ctx.fillStyle = cssColor(theme.slow, 0.15);
    ctx.fillRect(a, g.plotY, Math.max(1, b - a), g.plotH);
    ctx.fillStyle = cssColor(theme.slow);
    ctx.beginPath();
    ctx.moveTo(a - 4, g.plotY - 8);
    ctx.lineTo(a + 4, g.plotY - 8);
    ctx.lineTo(a, g.plotY - 1);
    ctx.fill();
  }

  // Cell boundaries: dashed lines with the cell label at the top.
  ctx.strokeStyle = cssColor(theme.muted, 0.8);
  ctx.setLineDash([3, 3]);
  ctx.textAlign = "left";
  ctx.fillStyle = cssColor(theme.muted);
  for (let i = 0; i < t.cells.start.length; i++) {
    for (const [ms, label] of [
      [t.cells.start[i], t.cells.label[i]],
      [t.cells.end[i], ""],
    ] as const) {
      const cx = Math.round(x(ms)) + 0.5;
      if (cx < g.plotX || cx > g.plotX + g.plotW) continue;
      ctx.beginPath();
      ctx.moveTo(cx, 2);
      ctx.lineTo(cx, g.axisY);
      ctx.stroke();
      if (label) ctx.fillText(ellipsize(ctx, label, 160), cx + 3, 10);
    }
  }
  ctx.setLineDash([]);

  // Event-loop lag: one bar per sample, scaled to the largest.
  if (g.lagH > 0) {
    let max = 0;
    for (const v of t.lag.ms) if (v > max) max = v;
    ctx.fillStyle = cssColor(theme.lag, 0.85);
    for (let i = 0; i < t.lag.t.length; i++) {
      const lx = x(t.lag.t[i]);
      if (lx < g.plotX || lx > g.plotX + g.plotW) continue;
      const h = max > 0 ? Math.max(1, ((g.lagH - 4) * t.lag.ms[i]) / max) : 1;
      ctx.fillRect(lx, g.lagY + g.lagH - 2 - h, 1.5, h);
    }
    ctx.fillStyle = cssColor(theme.muted);
    ctx.textAlign = g.gutter > 0 ? "right" : "left";
    ctx.fillText(
      `loop lag ≤ ${max.toFixed(max < 10 ? 2 : 0)} ms`,
      g.gutter > 0 ? g.gutter : g.plotX + 2,
      g.lagY + 11,
    );
  }

  // Lane labels, once lanes are tall enough to read: in the gutter, or over the plot when the timeline has
  // no gutter (many lanes) and the user zoomed into a few of them.
  const rowH = g.plotH / lanes.count;
  const end = Math.min(t.count, lanes.first + lanes.count);
  if (g.gutter > 0 || rowH >= 12) {
    ctx.textAlign = "left";
    for (let lane = lanes.first; lane < end; lane++) {
      const r = layout.rowOfLane[lane];
      const y = g.plotY + (lane - lanes.first) * rowH;
      const fontY = y + Math.min(rowH, 18) * 0.72 + Math.max(0, rowH - 18) / 2;
      if (g.gutter > 0) {
        const indent = 4 + Math.min(layout.depth[r], 8) * 10;
        ctx.fillStyle = cssColor(theme.text);
        ctx.fillText(ellipsize(ctx, t.name(r), g.gutter - indent - 4), indent, fontY);
      } else {
        const label = ellipsize(ctx, t.name(r), Math.min(240, g.plotW / 3));
        ctx.fillStyle = cssColor(theme.background, 0.75);
        ctx.fillRect(g.plotX, y + 1, ctx.measureText(label).width + 8, Math.min(rowH, 18) - 2);
        ctx.fillStyle = cssColor(theme.text);
        ctx.fillText(label, g.plotX + 4, fontY);
      }
    }
  }

  drawAwaits(ctx, scene, lanes, rowH, x);

  if (scene.highlight >= 0 && scene.highlight < t.count) {
    const r = scene.highlight;
    const lane = layout.laneOfRow[r] - lanes.first;
    if (lane >= 0 && lane < lanes.count) {
      const a = Math.max(g.plotX, x(t.start[r]));
      const b = Math.min(g.plotX + g.plotW, x(t.stop[r]));
      ctx.strokeStyle = cssColor(theme.text);
      ctx.lineWidth = 1;
      ctx.strokeRect(a - 1.5, g.plotY + lane * rowH - 1.5, Math.max(1, b - a) + 3, Math.max(1, rowH) + 3);
    }
  }

  // The label column's edge, which the user can drag to widen it.
  if (g.gutter > 0) {
    ctx.fillStyle = cssColor(theme.grid);
    ctx.fillRect(g.gutter + 1, g.plotY, 1, g.plotH);
  }
  return tickLabels;
}

/** At most this many await arrows per paint: beyond that they are a texture, not information. */
const MAX_ARROWS = 2000;

/** Arrows from each waiting task to the task it awaits, at the time the wait began (clipped to the plot). */
function drawAwaits(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  lanes: LaneWindow,
  rowH: number,
  x: (ms: number) => number,
): void {
  const { timeline: t, layout, geometry: g, view, theme } = scene;
  const aw = t.awaits;
  if (aw.t.length === 0 || rowH < 3) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(g.plotX, g.plotY, g.plotW, g.plotH);
  ctx.clip();
  const color = cssColor(theme.text, 0.7);
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 1.5;
  const head = Math.min(5, Math.max(3, rowH * 0.3));
  let drawn = 0;
  for (let i = 0; i < aw.t.length && drawn < MAX_ARROWS; i++) {
    const a = aw.from[i];
    const b = aw.to[i];
    const la = layout.laneOfRow[a] - lanes.first;
    const lb = layout.laneOfRow[b] - lanes.first;
    if ((la < 0 && lb < 0) || (la >= lanes.count && lb >= lanes.count)) continue;
    const ta = aw.t[i];
    const tb = Math.min(Math.max(ta, t.start[b]), t.stop[b]);
    if (Math.max(ta, tb) < view.t0 || Math.min(ta, tb) > view.t1) continue;
    const xa = x(ta);
    const ya = g.plotY + (la + 0.5) * rowH;
    const xb = x(tb);
    // The head touches the edge of the awaited task's bar, not its middle.
    const yb = g.plotY + (lb + 0.5) * rowH - Math.sign(lb - la) * rowH * 0.3;
    const angle = Math.atan2(yb - ya, xb - xa);
    ctx.beginPath();
    ctx.moveTo(xa, ya);
    ctx.lineTo(xb - Math.cos(angle) * head * 0.8, yb - Math.sin(angle) * head * 0.8);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(xb, yb);
    ctx.lineTo(xb - Math.cos(angle - 0.45) * head, yb - Math.sin(angle - 0.45) * head);
    ctx.lineTo(xb - Math.cos(angle + 0.45) * head, yb - Math.sin(angle + 0.45) * head);
    ctx.fill();
    drawn++;
  }
  ctx.restore();
}

/** Labels already fitted, keyed by font, width and text: a redraw measures no label twice. */
const fitted = new Map<string, string>();
/** Enough for every label of several timelines; past it the cache starts over. */
const FITTED_MAX = 4096;
// A web font that finishes loading changes the widths measured with the same font name.
if (typeof document !== "undefined") document.fonts?.addEventListener?.("loadingdone", () => fitted.clear());

/**
 * Shortens text to fit `width` CSS pixels by cutting its middle, so that names differing only at the end
 * stay distinguishable (the tooltip has the full name). Results are remembered per font and width.
 */
export function ellipsize(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (width <= 0) return "";
  const key = `${ctx.font}\u0000${width}\u0000${text}`;
  const known = fitted.get(key);
  if (known !== undefined) return known;
  const result = fit(ctx, text, width);
  if (fitted.size >= FITTED_MAX) fitted.clear();
  fitted.set(key, result);
  return result;
}

function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(middleEllipsis(text, mid)).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? middleEllipsis(text, lo) : "";
}
