/**
 * Event-loop lag sampling for debug mode: while `setDebug(true)` (or `run(main, { debug: true })`) is on,
 * `perf_hooks.monitorEventLoopDelay` measures how late the loop runs, and one sample per interval is kept for
 * the timeline. Off, it costs one unreferenced timer tick every 250 ms (debug mode has no change event to listen to).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { getDebug } from "../../asyncio";
import { originalTimers } from "./timers";

/** One lag sample: the loop's delay over the interval ending at `time`. */
export interface LagSample {
  /** `performance.now()` at the end of the interval, in ms (the library's clock). */
  time: number;
  /** Mean delay over the interval, in ms. */
  meanMs: number;
  /** Worst delay over the interval, in ms. */
  maxMs: number;
}

/** Samples kept, oldest dropped first (at 100 ms per sample: about 16 minutes). */
const MAX_SAMPLES = 10_000;
const SAMPLE_MS = 100;
const IDLE_CHECK_MS = 250;

const samples: LagSample[] = [];
let histogram: IntervalHistogram | undefined;
let timer: NodeJS.Timeout | undefined;

function enable(): IntervalHistogram {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return h;
}

function sample(h: IntervalHistogram): void {
  if (h !== histogram || h.count === 0) return;
  samples.push({ time: performance.now(), meanMs: h.mean / 1e6, maxMs: h.max / 1e6 });
  if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
  h.reset();
}

function tick(): void {
  if (getDebug()) {
    if (histogram === undefined) histogram = enable();
    // Read in the check phase: after a blocked stretch, the histogram's own timer is due together with this
    // one and must record the delay before the reset (a reset also drops the delay being measured).
    else originalTimers.setImmediate(sample, histogram);
  } else if (histogram !== undefined) {
    histogram.disable();
    histogram = undefined;
  }
  timer = originalTimers.setTimeout(tick, histogram ? SAMPLE_MS : IDLE_CHECK_MS) as NodeJS.Timeout;
  timer.unref();
}

/**
 * Starts sampling at once if debug mode was just turned on (called when a task is created: `run(main,
 * { debug: true })` turns debug mode on and creates its main task in the same breath, and there is no event
 * for the change itself).
 */
export function noticeDebugMode(): void {
  if (histogram === undefined && timer !== undefined && getDebug()) {
    histogram = enable();
    originalTimers.clearTimeout(timer);
    timer = originalTimers.setTimeout(tick, SAMPLE_MS) as NodeJS.Timeout;
    timer.unref();
  }
}

/** Starts watching for debug mode (idempotent). */
export function startLagSampler(): void {
  if (timer === undefined) tick();
}

/**
 * The event-loop lag samples taken in debug mode, oldest first.
 *
 * @param since Only samples after this `performance.now()` time (ms).
 * @returns A new array.
 *
 * Outside the kernel it returns an empty array: sampling runs in the kernel only.
 *
 * @example Worst lag while a step blocked the loop
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const start = performance.now();
 * await asyncio.run(async () => {
 *   await asyncio.sleep(300);
 *   const end = Date.now() + 200;
 *   while (Date.now() < end); // blocks the loop
 *   await asyncio.sleep(300);
 * }, { debug: true });
 * console.log(Math.max(0, ...asyncio.eventLoopLag(start).map((s) => s.maxMs))); // about 200
 * ```
 */
export function eventLoopLag(since = -Infinity): LagSample[] {
  return samples.filter((s) => s.time > since);
}
