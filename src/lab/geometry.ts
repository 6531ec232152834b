/** Where things go on the canvas, in CSS pixels. */
export interface Geometry {
  width: number;
  height: number;
  /** Label column left of the plot; 0 when lanes are too thin to label. */
  gutter: number;
  plotX: number;
  plotY: number;
  plotW: number;
  plotH: number;
  /** Height of one lane; below 1 several lanes share a pixel row (the density view). */
  rowH: number;
  /** Top of the event-loop lag strip (height `lagH`, 0 without lag samples). */
  lagY: number;
  lagH: number;
  /** Top of the time axis. */
  axisY: number;
}

const ROW = 18;
const MAX_PLOT = 420;
const TOP = 14;
const LAG = 18;
const AXIS = 22;

/** Narrowest and widest label column a user can drag to (CSS pixels; the widest also as a share of width). */
export const GUTTER_MIN = 40;
export const GUTTER_MAX_SHARE = 0.7;

/**
 * Lays out a canvas `width` CSS pixels wide for `lanes` lanes. `gutter` is the label column's width the user
 * chose by dragging its edge; by default a quarter of the width, at most 180 px.
 */
export function computeGeometry(lanes: number, width: number, hasLag: boolean, gutter?: number): Geometry {
  const rowH = lanes > 0 ? Math.min(ROW, MAX_PLOT / lanes) : ROW;
  const plotH = lanes > 0 ? rowH * lanes : ROW;
  const wanted = gutter ?? Math.min(180, width * 0.25);
  const widest = Math.max(GUTTER_MIN, width * GUTTER_MAX_SHARE);
  const label = rowH >= 12 ? Math.round(Math.min(Math.max(wanted, GUTTER_MIN), widest)) : 0;
  const plotX = label + 4;
  const plotW = Math.max(10, width - plotX - 10);
  const lagH = hasLag ? LAG : 0;
  const lagY = TOP + plotH + (hasLag ? 2 : 0);
  const axisY = lagY + lagH;
  return {
    width,
    height: Math.ceil(axisY + AXIS),
    gutter: label,
    plotX,
    plotY: TOP,
    plotW,
    plotH,
    rowH,
    lagY,
    lagH,
    axisY,
  };
}

/** Maps a time to an x coordinate and back. */
export function timeToX(ms: number, g: Geometry, t0: number, t1: number): number {
  return g.plotX + ((ms - t0) / (t1 - t0)) * g.plotW;
}

export function xToTime(x: number, g: Geometry, t0: number, t1: number): number {
  return t0 + ((x - g.plotX) / g.plotW) * (t1 - t0);
}
