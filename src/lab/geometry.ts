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

/** Lays out a canvas `width` CSS pixels wide for `lanes` lanes. */
export function computeGeometry(lanes: number, width: number, hasLag: boolean): Geometry {
  const rowH = lanes > 0 ? Math.min(ROW, MAX_PLOT / lanes) : ROW;
  const plotH = lanes > 0 ? rowH * lanes : ROW;
  const gutter = rowH >= 12 ? Math.round(Math.min(180, width * 0.25)) : 0;
  const plotX = gutter + 4;
  const plotW = Math.max(10, width - plotX - 10);
  const lagH = hasLag ? LAG : 0;
  const lagY = TOP + plotH + (hasLag ? 2 : 0);
  const axisY = lagY + lagH;
  return {
    width,
    height: Math.ceil(axisY + AXIS),
    gutter,
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
