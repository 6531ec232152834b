import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import {
  TIMELINE_MIME,
  decodeTimeline,
  formatMs,
  layoutLanes,
  summarize,
  summaryLine,
  toTrace,
  validateTimeline,
  type LaneLayout,
  type Timeline,
  type TimelinePayload,
} from "../timeline/index";
import { makePalette, paint, type PaintCache, type Theme } from "./draw";
import { blend, cssColor } from "./colors";
import { GUTTER_MAX_SHARE, GUTTER_MIN, computeGeometry, xToTime, type Geometry } from "./geometry";
import { hitTest } from "./hit-test";
import { ensureStyle } from "./style";
import { readTheme } from "./theme";
import {
  allLanes,
  clampLanes,
  fullView,
  panView,
  sameView,
  zoomLanes,
  zoomView,
  type LaneWindow,
  type View,
} from "./view";

const KEY_HELP =
  "Click, then wheel or + and - to zoom time, shift+wheel or * and / to zoom lanes, " +
  "drag or arrow keys to pan, 0 to reset.";
const SHORT_HELP =
  "click, then wheel to zoom (shift: lanes) · drag to pan · 0 resets · drag the names' edge to widen";

/** Legend entries: swatch key and text. */
const LEGEND: readonly (readonly [string, string])[] = [
  ["running", "running (code on the CPU)"],
  ["waiting", "waiting"],
  ["failed", "failed"],
  ["cancelled", "cancelled"],
  ["pending", "still running"],
  ["lag", "loop lag"],
  ["await", "→ awaits (waiting task to the task it waits for)"],
];

/**
 * Draws a timeline v1 payload on a canvas. Names and errors from the payload only ever reach the page as
 * `textContent` or canvas text: they are data, never markup.
 */
export class TimelineWidget extends Widget implements IRenderMime.IRenderer {
  private readonly _title: HTMLSpanElement;
  private readonly _summary: HTMLSpanElement;
  private readonly _toolbar: HTMLDivElement;
  private readonly _plot: HTMLDivElement;
  private readonly _canvas: HTMLCanvasElement;
  private readonly _tooltip: HTMLDivElement;
  private readonly _error: HTMLDivElement;
  private readonly _hint: HTMLSpanElement;
  private readonly _legend: HTMLDivElement;
  /** Label column width the user dragged to, or null for the default. */
  private _gutter: number | null = null;
  private _gutterDrag: { x: number; width: number } | null = null;
  private _payload: TimelinePayload | null = null;
  private _timeline: Timeline | null = null;
  private _lanes: LaneLayout | null = null;
  private _geometry: Geometry | null = null;
  private _full: View = fullView(0);
  private _view: View = fullView(0);
  private _laneWindow: LaneWindow = allLanes(0);
  private _theme: Theme | null = null;
  private _palette: Uint32Array | null = null;
  private readonly _cache: PaintCache = {};
  private _hover = -1;
  private _frame = 0;
  private _drag: { x: number; y: number; view: View; lanes: LaneWindow } | null = null;
  private _resizeObserver: ResizeObserver | null = null;
  private _themeObserver: MutationObserver | null = null;
  private _lastWidth = 0;

  constructor() {
    super();
    this.addClass("jp-TslabAsyncioTimeline");
    ensureStyle(document);
    const header = element("div", "jp-TslabAsyncioTimeline-header");
    this._title = element("span", "jp-TslabAsyncioTimeline-title");
    this._summary = element("span", "jp-TslabAsyncioTimeline-summary");
    const hint = element("span", "jp-TslabAsyncioTimeline-hint");
    hint.textContent = SHORT_HELP;
    this._hint = hint;
    this._toolbar = element("div", "jp-TslabAsyncioTimeline-toolbar");
    this._toolbar.append(
      button("Reset view", "Show the whole timeline (0)", () => this.resetView()),
      button("Download trace", "Save a Chrome/Perfetto trace (open it in ui.perfetto.dev)", () =>
        this._download(),
      ),
    );
    header.append(this._title, this._summary, hint, this._toolbar);
    this._plot = element("div", "jp-TslabAsyncioTimeline-plot");
    this._canvas = element("canvas", "");
    this._canvas.tabIndex = 0;
    this._canvas.setAttribute("role", "img");
    this._tooltip = element("div", "jp-TslabAsyncioTimeline-tooltip");
    this._tooltip.hidden = true;
    this._tooltip.setAttribute("role", "tooltip");
    this._plot.append(this._canvas, this._tooltip);
    this._legend = element("div", "jp-TslabAsyncioTimeline-legend");
    for (const [key, label] of LEGEND) {
      const item = element("span", "jp-TslabAsyncioTimeline-legendItem");
      const swatch = element("span", "jp-TslabAsyncioTimeline-swatch");
      swatch.dataset.key = key;
      const text = element("span", "");
      text.textContent = label;
      item.append(swatch, text);
      this._legend.append(item);
    }
    this._error = element("div", "jp-TslabAsyncioTimeline-error");
    this._error.setAttribute("role", "alert");
    this._error.hidden = true;
    this.node.append(header, this._plot, this._legend, this._error);
    for (const type of [
      "pointermove",
      "pointerleave",
      "pointerdown",
      "pointerup",
      "pointercancel",
      "keydown",
      "dblclick",
    ]) {
      this._canvas.addEventListener(type, this);
    }
    this._canvas.addEventListener("wheel", this, { passive: false });
  }

  /** Shows a payload; called again with the same display id for live updates (the view is kept if zoomed). */
  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const result = validateTimeline(model.data[TIMELINE_MIME]);
    if (!result.valid) {
      this._showError(result.errors);
      return Promise.resolve();
    }
    const payload = result.payload;
    const timeline = decodeTimeline(payload);
    const total = this._timeline?.count ?? 0;
    const followed = sameView(this._view, this._full) && this._laneWindow.count >= total;
    this._payload = payload;
    this._timeline = timeline;
    this._lanes = layoutLanes(timeline);
    this._full = fullView(timeline.end, timeline.count > 0 ? timeline.start[0] : 0);
    // A live update keeps the user's zoom; an untouched view grows with the timeline.
    this._view = followed ? this._full : panView(this._view, 0, this._full);
    this._laneWindow = followed ? allLanes(timeline.count) : clampLanes(this._laneWindow, timeline.count);
    this._hover = -1;
    const line = summaryLine(summarize(timeline));
    this._title.textContent = timeline.title;
    this._summary.textContent = line.slice(timeline.title.length + 2);
    this._canvas.setAttribute("aria-label", `${line}. ${KEY_HELP}`);
    this._error.hidden = true;
    this._plot.hidden = false;
    this._toolbar.hidden = false;
    this._hint.hidden = false;
    this._legend.hidden = false;
    this._paintNow();
    return Promise.resolve();
  }

  /** Shows the whole timeline again. */
  resetView(): void {
    this._view = this._full;
    this._laneWindow = allLanes(this._timeline?.count ?? 0);
    this._schedule();
  }

  /** Dispatches DOM events (Lumino's handleEvent pattern). */
  handleEvent(event: Event): void {
    switch (event.type) {
      case "pointermove":
        this._onPointerMove(event as PointerEvent);
        break;
      case "pointerleave":
        this._setHover(-1);
        break;
      case "pointerdown":
        this._onPointerDown(event as PointerEvent);
        break;
      case "pointerup":
      case "pointercancel":
        this._drag = null;
        this._gutterDrag = null;
        this._canvas.classList.remove("jp-mod-dragging");
        break;
      case "wheel":
        this._onWheel(event as WheelEvent);
        break;
      case "keydown":
        this._onKey(event as KeyboardEvent);
        break;
      case "dblclick":
        this.resetView();
        break;
    }
  }

  protected override onAfterAttach(): void {
    // The theme may have changed while the widget was detached (a notebook that windows its cells detaches the
    // ones scrolled away), when no observer was listening: read it again.
    this._theme = null;
    this._resizeObserver = new ResizeObserver(() => {
      if (this._plot.clientWidth !== this._lastWidth) this._schedule();
    });
    this._resizeObserver.observe(this.node);
    // Theme switches change the CSS variables without resizing anything.
    this._themeObserver = new MutationObserver(() => {
      this._theme = null;
      this._schedule();
    });
    this._themeObserver.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-name"] });
    this._schedule();
  }

  protected override onBeforeDetach(): void {
    this._resizeObserver?.disconnect();
    this._themeObserver?.disconnect();
    this._resizeObserver = this._themeObserver = null;
    cancelAnimationFrame(this._frame);
    this._frame = 0;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._resizeObserver?.disconnect();
    this._themeObserver?.disconnect();
    cancelAnimationFrame(this._frame);
    super.dispose();
  }

  private _showError(errors: string[]): void {
    this._payload = this._timeline = this._lanes = null;
    this._error.textContent = `This timeline cannot be drawn: the payload is invalid.\n${errors.join("\n")}`;
    this._error.hidden = false;
    this._plot.hidden = true;
    this._toolbar.hidden = true;
    this._hint.hidden = true;
    this._legend.hidden = true;
    this._title.textContent = "Timeline";
    this._summary.textContent = "";
  }

  private _schedule(): void {
    if (this._frame) return;
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this._paintNow();
    });
  }

  private _paintNow(): void {
    const t = this._timeline;
    const width = this._plot.clientWidth;
    if (!t || !this._lanes) return;
    if (width === 0) {
      // Hidden (collapsed outputs, a shell hidden during a theme switch): paint once the plot has a width again,
      // which the resize observer sees as a change from this one.
      this._lastWidth = 0;
      return;
    }
    const ctx = this._canvas.getContext("2d");
    if (!ctx) return;
    this._lastWidth = width;
    const dpr = window.devicePixelRatio || 1;
    const g = computeGeometry(t.count, width, t.lag.t.length > 0, this._gutter ?? undefined);
    this._canvas.dataset.gutter = String(g.gutter);
    this._geometry = g;
    const w = Math.round(g.width * dpr);
    const h = Math.round(g.height * dpr);
    if (this._canvas.width !== w || this._canvas.height !== h) {
      this._canvas.width = w;
      this._canvas.height = h;
      this._canvas.style.height = `${g.height}px`;
    }
    if (!this._theme || !this._palette) {
      this._theme = readTheme(this.node, ctx);
      this._palette = makePalette(this._theme);
      this._colorLegend(this._theme);
    }
    const ticks = paint(
      ctx,
      {
        timeline: t,
        layout: this._lanes,
        view: this._view,
        geometry: g,
        dpr,
        theme: this._theme,
        palette: this._palette,
        highlight: this._hover,
        lanes: this._laneWindow,
      },
      this._cache,
    );
    // The axis labels as drawn, for assistive technology and tests (the canvas itself is pixels).
    this._canvas.dataset.ticks = ticks.join(" | ");
  }

  /** Colours the legend's swatches like the bars (the palette follows the theme). */
  private _colorLegend(theme: Theme): void {
    const [r, g, b] = theme.background;
    const waiting = 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 0.5 : 0.35;
    const colors: Record<string, string> = {
      running: cssColor(theme.states[0]),
      waiting: cssColor(blend(theme.states[0], theme.background, waiting * 0.65)),
      failed: cssColor(theme.states[1]),
      cancelled: cssColor(theme.states[2]),
      pending: cssColor(theme.states[3]),
      lag: cssColor(theme.lag, 0.85),
      await: cssColor(theme.text, 0.6),
    };
    for (const swatch of Array.from(this._legend.querySelectorAll<HTMLElement>("[data-key]"))) {
      swatch.style.background = colors[swatch.dataset.key ?? ""] ?? "";
    }
  }

  private _setHover(row: number, x = 0, y = 0): void {
    const t = this._timeline;
    if (row !== this._hover) {
      this._hover = row;
      this._schedule();
    }
    if (row < 0 || !t) {
      this._tooltip.hidden = true;
      return;
    }
    const duration = t.stop[row] - t.start[row];
    let running = 0;
    for (let s = t.segIndex[row]; s < t.segIndex[row + 1]; s++) running += t.segTo[s] - t.segFrom[s];
    const steps = t.segIndex[row + 1] - t.segIndex[row];
    const name = element("strong", "");
    name.textContent = t.name(row);
    const lines = [
      `${t.kindOf(row)} ${t.id[row]} · ${t.stateOf(row)}`,
      `start ${formatMs(t.start[row])} · duration ${formatMs(duration)}`,
      `running ${formatMs(running)} in ${steps} ${steps === 1 ? "step" : "steps"}` +
        ` · waiting ${formatMs(Math.max(0, duration - running))}`,
    ];
    if (t.parent[row] >= 0) lines.push(`parent ${t.name(t.parent[row])}`);
    const awaited = new Set<number>();
    for (let i = 0; i < t.awaits.from.length && awaited.size < 4; i++) {
      if (t.awaits.from[i] === row) awaited.add(t.awaits.to[i]);
    }
    if (awaited.size > 0) {
      const names = [...awaited].slice(0, 3).map((r) => t.name(r));
      lines.push(`awaited ${names.join(", ")}${awaited.size > 3 ? ", …" : ""}`);
    }
    const error = t.error(row);
    if (error !== undefined) lines.push(`error ${error}`);
    const body = element("span", "");
    body.textContent = lines.join("\n");
    this._tooltip.replaceChildren(name, body);
    this._tooltip.hidden = false;
    this._placeTooltip(x, y);
  }

  /**
   * Puts the tooltip next to the pointer inside what the user can see: the window and every scrolling or
   * clipping box around the output (a lower row's tooltip flips above the pointer instead of being cut).
   */
  private _placeTooltip(x: number, y: number): void {
    const tip = this._tooltip;
    const plot = this._plot.getBoundingClientRect();
    let top = 0;
    let left = 0;
    let right = document.documentElement.clientWidth || window.innerWidth;
    let bottom = document.documentElement.clientHeight || window.innerHeight;
    for (let el = this._plot.parentElement; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (!/(auto|scroll|hidden|clip)/.test(`${style.overflowX} ${style.overflowY}`)) continue;
      const r = el.getBoundingClientRect();
      top = Math.max(top, r.top);
      left = Math.max(left, r.left);
      right = Math.min(right, r.right);
      bottom = Math.min(bottom, r.bottom);
    }
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const px = plot.left + x;
    const py = plot.top + y;
    let cx = px + 12;
    if (cx + w > right - 4) cx = px - 12 - w;
    cx = Math.max(left + 4, Math.min(cx, right - 4 - w));
    let cy = py + 16;
    if (cy + h > bottom - 4) cy = py - 8 - h;
    cy = Math.max(top + 4, Math.min(cy, bottom - 4 - h));
    tip.style.left = `${Math.round(cx - plot.left)}px`;
    tip.style.top = `${Math.round(cy - plot.top)}px`;
  }

  /** True when x (canvas CSS pixels) is on the label column's edge. */
  private _onGutterEdge(x: number): boolean {
    const g = this._geometry;
    return g !== null && g.gutter > 0 && Math.abs(x - (g.gutter + 1.5)) <= 4;
  }

  private _onPointerMove(e: PointerEvent): void {
    const t = this._timeline;
    const g = this._geometry;
    if (!t || !this._lanes || !g) return;
    if (this._gutterDrag) {
      const d = this._gutterDrag;
      const widest = Math.max(GUTTER_MIN, g.width * GUTTER_MAX_SHARE);
      this._gutter = Math.min(widest, Math.max(GUTTER_MIN, d.width + e.offsetX - d.x));
      this._schedule();
      return;
    }
    this._canvas.classList.toggle("jp-mod-resizing", this._onGutterEdge(e.offsetX));
    if (this._drag) {
      const d = this._drag;
      const span = d.view.t1 - d.view.t0;
      this._view = panView(d.view, (-(e.offsetX - d.x) / g.plotW) * span, this._full);
      // Vertical drags scroll lanes once the user has zoomed into them.
      const lanesPerPixel = d.lanes.count / g.plotH;
      const first = d.lanes.first - (e.offsetY - d.y) * lanesPerPixel;
      this._laneWindow = clampLanes({ first, count: d.lanes.count }, t.count);
      this._setHover(-1);
      this._schedule();
      return;
    }
    const row = hitTest(t, this._lanes, g, this._view, e.offsetX, e.offsetY, this._laneWindow);
    this._setHover(row, e.offsetX, e.offsetY);
  }

  private _onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this._canvas.focus();
    this._canvas.setPointerCapture?.(e.pointerId);
    if (this._onGutterEdge(e.offsetX) && this._geometry) {
      this._gutterDrag = { x: e.offsetX, width: this._geometry.gutter };
      this._setHover(-1);
      return;
    }
    this._canvas.classList.add("jp-mod-dragging");
    this._drag = { x: e.offsetX, y: e.offsetY, view: this._view, lanes: this._laneWindow };
  }

  private _onWheel(e: WheelEvent): void {
    const g = this._geometry;
    if (!g || !this._timeline) return;
    // Scrolling the notebook must keep working: the wheel zooms only once the timeline has focus.
    if (document.activeElement !== this._canvas && !e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    const span = this._view.t1 - this._view.t0;
    const total = this._timeline.count;
    if (e.shiftKey) {
      // Shift+wheel zooms lanes around the lane under the pointer (some systems report it as deltaX).
      const delta = e.deltaY || e.deltaX;
      const w = this._laneWindow;
      const anchor = w.first + ((e.offsetY - g.plotY) / g.plotH) * w.count;
      this._laneWindow = zoomLanes(w, anchor, Math.exp(-delta * 0.002), total);
    } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      this._view = panView(this._view, (e.deltaX / g.plotW) * span, this._full);
    } else {
      const anchor = xToTime(e.offsetX, g, this._view.t0, this._view.t1);
      this._view = zoomView(this._view, anchor, Math.exp(-e.deltaY * 0.002), this._full);
    }
    this._setHover(-1);
    this._schedule();
  }

  private _onKey(e: KeyboardEvent): void {
    const v = this._view;
    const span = v.t1 - v.t0;
    const mid = (v.t0 + v.t1) / 2;
    let next: View | null = null;
    if (e.key === "+" || e.key === "=") next = zoomView(v, mid, 1.5, this._full);
    else if (e.key === "-" || e.key === "_") next = zoomView(v, mid, 1 / 1.5, this._full);
    else if (e.key === "0") {
      next = this._full;
      this._laneWindow = allLanes(this._timeline?.count ?? 0);
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      const w = this._laneWindow;
      const step = Math.max(1, Math.round(w.count * 0.1)) * (e.key === "ArrowUp" ? -1 : 1);
      this._laneWindow = clampLanes({ first: w.first + step, count: w.count }, this._timeline?.count ?? 0);
      next = v;
    } else if (e.key === "*" || e.key === "/") {
      const w = this._laneWindow;
      const total = this._timeline?.count ?? 0;
      this._laneWindow = zoomLanes(w, w.first + w.count / 2, e.key === "*" ? 2 : 0.5, total);
      next = v;
    } else if (e.key === "ArrowLeft") next = panView(v, -span * 0.1, this._full);
    else if (e.key === "ArrowRight") next = panView(v, span * 0.1, this._full);
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    this._view = next;
    this._setHover(-1);
    this._schedule();
  }

  private _download(): void {
    if (!this._payload) return;
    const blob = new Blob([JSON.stringify(toTrace(this._payload))], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = element("a", "");
    a.href = url;
    a.download = `${this._payload.title.replace(/[^\w.-]+/g, "-").slice(0, 60) || "timeline"}.trace.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  return el;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = element("button", "");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}
