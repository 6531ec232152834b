/**
 * `asyncio.timeline(body)`: run code, show its tasks as a live timeline in the cell, return its result.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createTask } from "../../asyncio/index";
import type { TimelineBundle } from "../../timeline/index";
import { currentCell } from "../cell-context";
import { findLiveHost } from "../host";
import { recordTimeline, type RecordTimelineOptions } from "./recording";
import type { TimelineView } from "./timeline-view";

/** Options of {@link timeline}. */
export interface TimelineOptions extends RecordTimelineOptions {
  /** Redraw while tasks run (same display, about 10 updates a second). Default `true`. */
  live?: boolean;
  /** Show the timeline in the cell. Default `true`; outside a kernel the text summary is printed instead. */
  display?: boolean;
}

type Show = (bundle: TimelineBundle, update: boolean) => void;

let last: TimelineView | undefined;

/** A display function bound to the cell running now, or `undefined` outside a Jupyter kernel. */
function cellDisplay(displayId: string): Show | undefined {
  const cell = currentCell();
  const transient = { display_id: displayId };
  if (cell)
    return (data, update) => cell.writeDisplay({ data: { ...data }, metadata: {}, transient }, update);
  // A plain tslab kernel without our patches: tslab's writer for the cell running now.
  const writer = findLiveHost()?.jupyter.lastWriteDisplayData;
  if (typeof writer === "function") {
    const write = writer as (content: unknown, update: boolean) => void;
    return (data, update) => write({ data: { ...data }, metadata: {}, transient }, update);
  }
  const deno = denoJupyter();
  if (deno !== undefined) {
    return (data, update) =>
      // Deno sends the message asynchronously; a failed redraw must not fail the code being watched.
      void deno.display({ ...data }, { raw: true, update, display_id: displayId }).catch(() => undefined);
  }
  return undefined;
}

/** The part of Deno's `Deno.jupyter` namespace used here. */
interface DenoJupyter {
  display(
    bundle: Record<string, unknown>,
    options: { raw: boolean; update: boolean; display_id: string },
  ): Promise<void>;
}

/** `Deno.jupyter` inside Deno's Jupyter kernel (`deno jupyter`); elsewhere undefined. */
function denoJupyter(): DenoJupyter | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: unknown } }).Deno;
  if (deno === undefined) return undefined;
  try {
    // Outside `deno jupyter` the getter throws.
    const jupyter = deno.jupyter as Partial<DenoJupyter> | undefined;
    return typeof jupyter?.display === "function" ? (jupyter as DenoJupyter) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `body` as a task and shows a timeline of it and every task it starts: drawn live while they run
 * (JupyterLab, with the tslab-asyncio extension), ending with the final picture. Works in the tslab-asyncio
 * kernel, a plain tslab kernel and Deno's kernel (`deno jupyter`, through `Deno.jupyter.display`). nbconvert and GitHub show
 * the static HTML version; a terminal the text summary. {@link lastTimeline} returns the picture for export.
 *
 * @param body The code to run; receives the task's `AbortSignal`.
 * @param options Title, live updates, lag sampling.
 * @returns What `body` returns.
 * @throws Whatever `body` throws, after the final picture is shown.
 *
 * @example Watch a gather
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const results = await asyncio.timeline(
 *   () => asyncio.gather(asyncio.sleep(200, "slow"), asyncio.sleep(100, "fast")),
 *   { title: "gather" },
 * );
 * console.log(results); // [ 'slow', 'fast' ]
 * ```
 */
export async function timeline<T>(
  body: (signal: AbortSignal) => T | PromiseLike<T>,
  options: TimelineOptions = {},
): Promise<T> {
  const title = options.title ?? "Timeline";
  const rec = recordTimeline({ title, lagSampleMs: options.lagSampleMs });
  const show =
    options.display === false
      ? undefined
      : cellDisplay(`tslab-asyncio-timeline-${randomBytes(6).toString("hex")}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const task = createTask(body, { name: title });
  rec.rootId = task.id;
  rec.rootIsBody = true;
  if (show) {
    show(rec.snapshot().bundle(), false);
    if (options.live !== false) {
      const redraw = () => {
        const started = performance.now();
        show(rec.snapshot().bundle(), true);
        // Keep redraws cheap relative to the work being watched: at most ~10/s, slower for huge timelines.
        timer = setTimeout(redraw, Math.max(100, 5 * (performance.now() - started)));
        timer.unref();
      };
      timer = setTimeout(redraw, 100);
      timer.unref();
    }
  }
  try {
    return await task;
  } finally {
    if (timer) clearTimeout(timer);
    last = rec.stop();
    if (show) show(last.bundle(), true);
    else if (options.display !== false) console.log(last.toString());
  }
}

/**
 * The picture of the most recent {@link timeline} call, to save as a Perfetto trace or read its summary.
 *
 * @returns The view, or `undefined` before any `timeline()` finished.
 *
 * @example
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * await asyncio.timeline(() => asyncio.sleep(10), { title: "nap" });
 * asyncio.lastTimeline()?.save("nap.trace.json");
 * ```
 */
export function lastTimeline(): TimelineView | undefined {
  return last;
}
