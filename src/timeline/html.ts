import { niceTicks, tickLabel } from "./axis";
import { decodeTimeline } from "./decode";
import { layoutLanes } from "./layout";
import type { TimelinePayload } from "./schema";
import { middleEllipsis } from "./text";
import { formatCount, formatMs, summarize, summaryLine } from "./summary";

/** At most this many task bars in the static fallback; the rest are counted in a note. */
export const HTML_MAX_BARS = 2000;

/** Fixed colours (the fallback cannot follow a theme): [running, suspended] per state. */
const COLORS: readonly (readonly [string, string])[] = [
  ["#1976d2", "#90caf9"], // done
  ["#d32f2f", "#ef9a9a"], // failed
  ["#ef6c00", "#ffcc80"], // cancelled
  ["#7b1fa2", "#ce93d8"], // pending
];

const WIDTH = 860;
const GUTTER = 170;
const AXIS = 22;
const MAX_PLOT = 600;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The `text/html` fallback: a static SVG picture of the timeline for nbconvert, GitHub and other viewers
 * without our renderer. No script, no event handlers, every name escaped; at most {@link HTML_MAX_BARS}
 * bars, with a note saying how many tasks were left out.
 *
 * @example
 * ```ts
 * import { TimelineBuilder, toHtml } from "tslab-asyncio/timeline";
 *
 * const p = new TimelineBuilder().addTask({ id: 1, name: "<b>x</b>", start: 0, end: 5 }).build();
 * console.log(toHtml(p).includes("&#60;b&#62;x")); // true
 * ```
 */
export function toHtml(payload: TimelinePayload): string {
  const t = decodeTimeline(payload);
  const s = summarize(t);
  const { rowOfLane, depth } = layoutLanes(t);
  const lanes = Math.min(t.count, HTML_MAX_BARS);
  const rowH = lanes === 0 ? 14 : Math.max(0.25, Math.min(14, MAX_PLOT / lanes));
  const labels = rowH >= 10;
  const left = labels ? GUTTER : 4;
  const plotW = WIDTH - left - 8;
  const plotH = Math.max(rowH * lanes, 14);
  const height = plotH + AXIS + 6;
  // No blank lead-in: the picture starts with the first task (rows are sorted by start).
  const t0 = t.count > 0 ? Math.min(t.start[0], t.end) : 0;
  const t1 = Math.max(t.end, t0 + 1e-3);
  const x = (ms: number) => left + ((ms - t0) / (t1 - t0)) * plotW;
  const f = (v: number) => (Math.round(v * 10) / 10).toString();
  const out: string[] = [];
  out.push(
    `<div class="tslab-asyncio-timeline" style="font-family:sans-serif;font-size:12px;max-width:${WIDTH}px">`,
    `<div style="font-weight:bold">${escapeHtml(summaryLine(s))}</div>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${f(height)}" ` +
      `viewBox="0 0 ${WIDTH} ${f(height)}" role="img" aria-label="${escapeHtml(summaryLine(s))}">`,
  );
  const ticks = niceTicks(t0, t1, 8);
  ticks.values.forEach((v, k) => {
    const xv = f(x(v));
    // The last label ends at its tick, so it is never cut off at the right edge (the first starts at its).
    const last = k === ticks.values.length - 1 && x(v) > WIDTH - 40;
    const anchor = last ? "end" : k === 0 && x(v) < left + 20 ? "start" : "middle";
    out.push(
      `<line x1="${xv}" x2="${xv}" y1="0" y2="${f(plotH)}" stroke="#e0e0e0"/>`,
      `<text x="${xv}" y="${f(plotH + 15)}" font-size="10" fill="#616161" text-anchor="${anchor}">` +
        `${escapeHtml(tickLabel(v, ticks.step))}</text>`,
    );
  });
  for (let i = 0; i < t.cells.start.length; i++) {
    const xv = f(x(t.cells.start[i]));
    out.push(
      `<line x1="${xv}" x2="${xv}" y1="0" y2="${f(plotH)}" stroke="#757575" stroke-dasharray="3,3">` +
        `<title>${escapeHtml(t.cells.label[i])}</title></line>`,
    );
  }
  const inset = rowH >= 4 ? 1.5 : 0;
  for (let lane = 0; lane < lanes; lane++) {
    const r = rowOfLane[lane];
    const [run, wait] = COLORS[t.state[r]];
    const y = lane * rowH + inset;
    const h = f(Math.max(0.25, rowH - 2 * inset));
    const x0 = x(t.start[r]);
    const w = Math.max(0.5, x(t.stop[r]) - x0);
    const span = `<rect x="${f(x0)}" y="${f(y)}" width="${f(w)}" height="${h}" fill="${wait}"`;
    if (rowH >= 3) {
      // Native SVG tooltips: only where a row is tall enough to point at, which also bounds the size.
      const err = t.error(r);
      const tip =
        `${t.name(r)} (${t.stateOf(r)}) start ${formatMs(t.start[r])}, ` +
        `duration ${formatMs(t.stop[r] - t.start[r])}${err ? `: ${err}` : ""}`;
      out.push(`${span}><title>${escapeHtml(tip)}</title></rect>`);
    } else {
      // Rows too thin to tell running from suspended: one solid bar per task keeps the page small.
      out.push(`<rect x="${f(x0)}" y="${f(y)}" width="${f(w)}" height="${h}" fill="${run}"/>`);
      continue;
    }
    // Running segments closer than half a unit merge into one rect, which also bounds the output size.
    let a = NaN;
    let b = NaN;
    const flush = () => {
      if (a === a)
        out.push(
          `<rect x="${f(a)}" y="${f(y)}" width="${f(Math.max(0.5, b - a))}" height="${h}" fill="${run}"/>`,
        );
    };
    for (let k = t.segIndex[r]; k < t.segIndex[r + 1]; k++) {
      const sa = x(t.segFrom[k]);
      const sb = x(t.segTo[k]);
      if (a === a && sa - b < 0.5) b = Math.max(b, sb);
      else {
        flush();
        a = sa;
        b = sb;
      }
    }
    flush();
    if (labels) {
      out.push(
        `<text x="${4 + depth[r] * 8}" y="${f(y + rowH * 0.72)}" font-size="11" fill="#212121">` +
          `${escapeHtml(middleEllipsis(t.name(r), Math.max(4, 24 - depth[r])))}</text>`,
      );
    }
  }
  for (let i = 0; i < t.slow.t.length; i++) {
    const xv = x(t.slow.t[i]);
    out.push(
      `<rect x="${f(xv)}" y="0" width="${f(Math.max(1, x(t.slow.t[i] + t.slow.ms[i]) - xv))}" height="${f(plotH)}" ` +
        `fill="#d32f2f" fill-opacity="0.12"><title>${escapeHtml(`slow step ${formatMs(t.slow.ms[i])}`)}</title></rect>`,
    );
  }
  out.push("</svg>");
  const swatch = (color: string, label: string) =>
    `<span style="margin-right:12px"><span style="display:inline-block;width:10px;height:10px;` +
    `background:${color};margin-right:4px;vertical-align:-1px"></span>${label}</span>`;
  out.push(
    `<div style="color:#616161;font-size:11px">`,
    swatch(COLORS[0][0], "running"),
    swatch(COLORS[0][1], "waiting"),
    swatch(COLORS[1][0], "failed"),
    swatch(COLORS[2][0], "cancelled"),
    swatch(COLORS[3][0], "pending"),
    "</div>",
  );
  if (t.count > lanes) {
    out.push(
      `<div style="color:#616161">Showing the first ${formatCount(lanes)} of ${formatCount(t.count)} tasks; ` +
        `${formatCount(t.count - lanes)} omitted. Open the notebook in JupyterLab with tslab-asyncio for all of them.</div>`,
    );
  }
  out.push("</div>");
  return out.join("");
}
